import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// The real server and CLI as separate processes (node --import tsx, so the pid we signal
// is the process doing the work, not a wrapper): what a crash or a signal hits in production.

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** A spawned Canopy process with everything it printed so far. */
export interface Spawned {
  child: ChildProcess;
  output: () => string;
  /** Resolves with the exit code (or the signal's name) once the process has ended. */
  exited: Promise<number | string>;
}

// Whatever a failing or interrupted test leaves running is killed when the test process ends.
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** Spawns `node --import tsx <script> ...args` from the repository root with `env` on top of ours. */
export function spawnCanopy(script: string, args: string[], env: Record<string, string>): Spawned {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'warn', CANOPY_DEMO_DATA: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  running.add(child);
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve(code ?? signal ?? -1);
    }),
  );
  return { child, output: () => output, exited };
}

/** A running server: its base URL. */
export interface SpawnedServer extends Spawned {
  url: string;
}

/** Starts server/src/server.ts on a free loopback port; resolves once it listens. */
export async function startServer(env: Record<string, string>): Promise<SpawnedServer> {
  const spawned = spawnCanopy('server/src/server.ts', [], { PORT: '0', HOST: '127.0.0.1', ...env });
  const url = await waitFor(
    () => /running at (http:\/\/[^/\s]+)\//.exec(spawned.output())?.[1]?.replace('localhost', '127.0.0.1'),
    60_000,
    () => `the server did not start:\n${spawned.output()}`,
    spawned.exited,
  );
  return { ...spawned, url };
}

/** Polls `check` every 100 ms until it returns a value; fails after `ms` or when `abort` settles first. */
export async function waitFor<T>(check: () => T | undefined | Promise<T | undefined>, ms: number, what: () => string, abort?: Promise<unknown>): Promise<T> {
  let aborted = false;
  void abort?.then(() => (aborted = true));
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (aborted) throw new Error(`The process ended: ${what()}`);
    if (Date.now() > deadline) throw new Error(`Timed out after ${ms} ms: ${what()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Stops a process that is still running (SIGKILL) and waits for it. */
export async function killIfRunning(spawned: Spawned | undefined): Promise<void> {
  if (!spawned || spawned.child.exitCode !== null || spawned.child.signalCode !== null) return;
  spawned.child.kill('SIGKILL');
  await spawned.exited;
}
