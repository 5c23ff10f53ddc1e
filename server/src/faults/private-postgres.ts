import { execFileSync } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// A PostgreSQL 15 cluster of the test's own, on a free port, that the test may stop and
// start at will: the shared server at 127.0.0.1:5432 serves every other test and must
// never be stopped. initdb refuses to run as root, so as root the cluster belongs to the
// `postgres` OS user (runuser); as anyone else it runs as that user.

const BIN = process.env.POSTGRES_BIN ?? '/usr/lib/postgresql/15/bin';

/** A private cluster: `url` of its `canopy` database; stop and start it; destroy removes everything. */
export interface PrivatePostgres {
  url: string;
  adminUrl: string;
  stop: (mode?: 'fast' | 'immediate') => void;
  start: () => void;
  destroy: () => void;
}

/** A TCP port nobody listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Creates and starts a cluster in a temp folder with a `canopy` database. */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'canopy-pg-'));
  const data = join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
    chownSync(dir, uid, gid);
  }
  const run = (tool: string, args: string[]) =>
    asRoot
      ? execFileSync('runuser', ['-u', 'postgres', '--', join(BIN, tool), ...args], { stdio: 'pipe' })
      : execFileSync(join(BIN, tool), args, { stdio: 'pipe' });
  const port = await freePort();
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
  const start = () => void run('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'log'), '-w', '-t', '30', 'start']);
  const stop = (mode: 'fast' | 'immediate' = 'fast') => void run('pg_ctl', ['-D', data, '-m', mode, '-w', '-t', '30', 'stop']);
  start();
  // A test that fails or is interrupted must not leave a cluster running.
  const stopAtExit = () => {
    try {
      stop('immediate');
    } catch {
      // already stopped
    }
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', stopAtExit);
  const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
  execFileSync(join(BIN, 'psql'), [adminUrl, '-qc', 'create database canopy'], { stdio: 'pipe' });
  return {
    url: `postgres://postgres@127.0.0.1:${port}/canopy`,
    adminUrl,
    stop,
    start,
    destroy: () => {
      process.removeListener('exit', stopAtExit);
      stopAtExit();
    },
  };
}
