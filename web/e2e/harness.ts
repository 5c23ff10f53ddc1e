import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// What the browser tests run against: the built web app served by the REAL server, on a
// fresh data folder seeded with the demo company, on a free port.

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const WEB = join(ROOT, 'web');
export const CHROMIUM = process.env.CANOPY_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

function newestMtime(path: string): number {
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  return Math.max(info.mtimeMs, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

/** Builds web/ when web/dist is missing or older than any source file. */
export function ensureWebBuilt(): void {
  const built = join(WEB, 'dist', 'index.html');
  const sources = Math.max(newestMtime(join(WEB, 'src')), newestMtime(join(WEB, 'index.html')), newestMtime(join(WEB, 'vite.config.ts')));
  if (existsSync(built) && statSync(built).mtimeMs >= sources) return;
  console.log('Building web/ for the browser tests (web/dist is older than web/src)…');
  // Vite itself rather than pnpm, so the build does not depend on the package manager's own setup.
  execFileSync(process.execPath, [join(WEB, 'node_modules/vite/bin/vite.js'), 'build'], {
    cwd: WEB,
    stdio: 'inherit',
    // Vitest sets NODE_ENV=test, which would give React's development build.
    env: { ...process.env, NODE_ENV: 'production' },
  });
}

export interface RunningServer {
  url: string;
  stop: () => Promise<void>;
  /** Stops the server process (SIGTERM) but keeps its data: for outage tests. */
  halt: () => Promise<void>;
  /** Starts it again after halt(), on the same port and data. */
  resume: () => Promise<void>;
}

/** The backends the browser tests run on: embedded always, PostgreSQL when TEST_DATABASE_URL is set. */
export const BROWSER_BACKENDS: ('embedded' | 'postgres')[] = process.env.TEST_DATABASE_URL ? ['embedded', 'postgres'] : ['embedded'];

/** A fresh PostgreSQL database on the TEST_DATABASE_URL server; `drop` removes it. */
async function freshPostgres(): Promise<{ url: string; drop: () => Promise<void> }> {
  const { default: pg } = await import('pg');
  const admin = process.env.TEST_DATABASE_URL!;
  const name = `canopy_e2e_${Math.random().toString(36).slice(2, 10)}`;
  const run = async (sql: string) => {
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    await client.query(sql);
    await client.end();
  };
  await run(`create database ${name}`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(`drop database if exists ${name} with (force)`) };
}

/** Spawns the server with `env` and resolves with the child and its address once it says it is running. */
async function launch(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; url: string }> {
  const child: ChildProcess = spawn(join(ROOT, 'node_modules/.bin/tsx'), ['server/src/server.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The server did not start in 240 s:\n${output}`)), 240_000);
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
    child.on('exit', (code) => reject(new Error(`The server exited (${code}) before it was ready:\n${output}`)));
  });
  for (let i = 0; i < 60; i++) {
    const ready = await fetch(`${url}/readyz`).then((r) => r.ok, () => false);
    if (ready) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  return { child, url };
}

/**
 * Starts `tsx server/src/server.ts` on port 0 with a fresh, demo-seeded database (an
 * embedded one in a temp folder, or a fresh PostgreSQL database); resolves once /readyz
 * answers. `extraEnv` adds or overrides server variables (CANOPY_TIMEZONE...).
 */
export async function startServer(kind: 'embedded' | 'postgres' = 'embedded', extraEnv: Record<string, string> = {}): Promise<RunningServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'canopy-e2e-'));
  const postgres = kind === 'postgres' ? await freshPostgres() : undefined;
  const env = {
    ...process.env,
    CANOPY_DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', CANOPY_DEMO_DATA: 'true', DATABASE_URL: postgres?.url ?? '',
    ...extraEnv,
  };
  let { child, url } = await launch(env);
  let running = true;
  const halt = async () => {
    if (!running) return;
    running = false;
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r).once('error', r));
  };
  return {
    url,
    halt,
    resume: async () => {
      if (running) return;
      ({ child } = await launch({ ...env, PORT: new URL(url).port }));
      running = true;
    },
    stop: async () => {
      await halt();
      rmSync(dataDir, { recursive: true, force: true });
      await postgres?.drop();
    },
  };
}

/** GET a JSON document from the server under test. */
export async function api<T>(base: string, path: string): Promise<T> {
  const response = await fetch(`${base}${path}`);
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** Parses CSV text (RFC 4180 quoting) into rows of cells. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const body = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (quoted) {
      if (ch === '"' && body[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(cell), (cell = '');
    else if (ch === '\n') row.push(cell.replace(/\r$/, '')), rows.push(row), (row = []), (cell = '');
    else cell += ch;
  }
  if (cell || row.length) row.push(cell), rows.push(row);
  return rows;
}
