import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** The real server, spawned as in production (server/src/server.ts), on a free loopback port. */
export interface SpawnedServer {
  url: string;
  /** Its process id, for its CPU time. */
  pid: number | undefined;
  /** Everything it printed (warnings and errors: LOG_LEVEL=warn). */
  output: () => string;
  stop: () => Promise<number | null>;
}

/** Starts the server on `databaseUrl` and resolves once it listens. */
export async function spawnServer(databaseUrl: string): Promise<SpawnedServer> {
  // node --import tsx rather than the tsx wrapper: the signal and exit code are the server's own.
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/src/server.ts'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', CANOPY_DEMO_DATA: 'false' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The server did not start in 120 s:\n${output}`)), 120_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /running at (http:\/\/[^/\s]+)\//.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!.replace('localhost', '127.0.0.1'));
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.once('exit', (code) => reject(new Error(`The server exited (${code}) before it listened:\n${output}`)));
  });
  return {
    url,
    pid: child.pid,
    output: () => output,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', (code) => resolve(code));
        child.kill('SIGTERM');
      }),
  };
}
