import { expect, test } from 'vitest';
import { describeCpu, sampleCpu } from './cpu.ts';

test('splits the busy time between the server, this script and the rest', () => {
  const before = { busy: 100, idle: 50, server: 10, script: 5 };
  const after = { busy: 200, idle: 70, server: 55, script: 20 };
  expect(describeCpu(before, after)).toBe(
    'CPU over the run (120 s of all cores): the server 45 s, this script 15 s, PostgreSQL and everything else 40 s, idle 20 s.',
  );
  expect(describeCpu(undefined, after)).toBeUndefined();
});

test('reads this machine and a process: the time only grows', () => {
  const first = sampleCpu(process.pid);
  if (process.platform !== 'linux') return expect(first).toBeUndefined();
  let spin = 0;
  for (let i = 0; i < 3e7; i++) spin += i % 7;
  const second = sampleCpu(process.pid)!;
  expect(spin).toBeGreaterThan(0);
  expect(second.server).toBeGreaterThan(first!.server);
  expect(second.script).toBeGreaterThan(first!.script);
  expect(second.busy + second.idle).toBeGreaterThan(first!.busy + first!.idle);
});
