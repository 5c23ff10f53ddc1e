import { readFileSync } from 'node:fs';

// Where the machine's CPU went during a run: the server's process, this script (the load
// generator), and the rest (PostgreSQL and anything else running), from Linux's /proc.
// Readers alone saturate the server's one thread long before PostgreSQL; with ingestion
// PostgreSQL is the busy side. This line tells which a run was.

/** Linux's clock ticks per second for /proc times (USER_HZ, 100 on every mainstream build). */
const TICKS_PER_SECOND = 100;

/** CPU seconds so far: the whole machine busy and idle, and one process (undefined off Linux). */
export interface CpuSample {
  busy: number;
  idle: number;
  server: number;
  script: number;
}

export function sampleCpu(serverPid: number | undefined): CpuSample | undefined {
  try {
    // cpu  user nice system idle iowait irq softirq steal ...
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
    const busy = fields.slice(0, 8).reduce((a, b) => a + b, 0) - idle;
    const usage = process.cpuUsage();
    return {
      busy: busy / TICKS_PER_SECOND,
      idle: idle / TICKS_PER_SECOND,
      server: serverPid === undefined ? 0 : processSeconds(serverPid),
      script: (usage.user + usage.system) / 1e6,
    };
  } catch {
    return undefined;
  }
}

/** user + system CPU seconds of a running process, from /proc/<pid>/stat. */
function processSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name may hold spaces: the fields after it start past the last ')'.
  const after = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(after[11]) + Number(after[12])) / TICKS_PER_SECOND;
}

/** "CPU over the run: server 41 s, …" between two samples, or undefined without both. */
export function describeCpu(before: CpuSample | undefined, after: CpuSample | undefined): string | undefined {
  if (!before || !after) return undefined;
  const server = after.server - before.server;
  const script = after.script - before.script;
  const busy = after.busy - before.busy;
  const rest = Math.max(0, busy - server - script);
  const idle = after.idle - before.idle;
  const s = (n: number) => `${n.toFixed(0)} s`;
  return (
    `CPU over the run (${s(busy + idle)} of all cores): the server ${s(server)}, this script ${s(script)}, ` +
    `PostgreSQL and everything else ${s(rest)}, idle ${s(idle)}.`
  );
}
