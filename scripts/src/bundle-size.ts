import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

// The web app's initial JavaScript, gzipped, against its budget. Reads web/dist (run
// `pnpm --filter @canopy/web build` first): the scripts index.html loads, with every
// chunk they import statically, and the same for the home page (the forest) on top.
// Prints a table; exits 1 when either is over budget.
//
//   node --experimental-strip-types scripts/src/bundle-size.ts   (or: npx tsx scripts/src/bundle-size.ts)

const BUDGET_KB = Number(process.env.CANOPY_JS_BUDGET_KB ?? 250);
const dist = fileURLToPath(new URL('../../web/dist/', import.meta.url));

interface Chunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
}

if (!existsSync(join(dist, 'index.html'))) {
  console.error('web/dist/index.html is missing: run `pnpm --filter @canopy/web build` first.');
  process.exit(2);
}

const html = readFileSync(join(dist, 'index.html'), 'utf8');
const loadedByHtml = [...html.matchAll(/<(?:script[^>]*\bsrc|link[^>]*rel="modulepreload"[^>]*\bhref)="\/?([^"]+\.js)"/g)].map((m) => m[1]!);
const manifestPath = join(dist, '.vite', 'manifest.json');
const manifest: Record<string, Chunk> = existsSync(manifestPath) ? JSON.parse(readFileSync(manifestPath, 'utf8')) : {};
const byFile = new Map(Object.entries(manifest).map(([key, chunk]) => [chunk.file, key]));

/** The files `files` load, with everything they import statically. */
function closure(files: string[]): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const key = byFile.get(file);
    for (const imported of (key && manifest[key]?.imports) ?? []) visit(manifest[imported]!.file);
  };
  files.forEach(visit);
  return [...seen];
}

const gzipKb = (file: string) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length / 1024;
const initial = closure(loadedByHtml);
const forestKey = Object.keys(manifest).find((key) => key.endsWith('pages/ForestPage.tsx'));
const gateKey = Object.keys(manifest).find((key) => key.endsWith('access/AccessGate.tsx'));
const home = closure([...initial, ...[forestKey, gateKey].filter((k): k is string => Boolean(k)).map((k) => manifest[k]!.file)]);

console.log('file'.padEnd(48), 'gzip KB'.padStart(9), '  loaded');
for (const file of home) console.log(file.padEnd(48), gzipKb(file).toFixed(1).padStart(9), initial.includes(file) ? '  by index.html' : '  by the forest page');
const total = (files: string[]) => files.reduce((sum, file) => sum + gzipKb(file), 0);
const rows: [string, number][] = [
  ['Initial JS (index.html and its imports)', total(initial)],
  ['Home page JS (initial + forest page + access gate)', total(home)],
];
let over = false;
for (const [what, kb] of rows) {
  const ok = kb <= BUDGET_KB;
  over ||= !ok;
  console.log(`${what}: ${kb.toFixed(1)} KB gzipped of a ${BUDGET_KB} KB budget ${ok ? 'OK' : 'OVER BUDGET'}`);
}
process.exit(over ? 1 : 0);
