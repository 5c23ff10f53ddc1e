import type { ImportProgress } from './import-file.ts';

// Progress goes to stderr, so stdout keeps only the summary. On a terminal it is one line
// rewritten in place a few times a second; in a log (CI, cron) a line every 30 seconds.

const TTY_INTERVAL_MS = 200;
const LOG_INTERVAL_MS = 30_000;

/** A progress reporter for one file: `update` after each batch, `done` at the end. */
export function progressPrinter(name: string, stream: NodeJS.WriteStream = process.stderr) {
  const tty = stream.isTTY === true;
  const started = Date.now();
  let last = started;
  let shown = false;
  return {
    update(progress: ImportProgress) {
      const now = Date.now();
      if (now - last < (tty ? TTY_INTERVAL_MS : LOG_INTERVAL_MS)) return;
      last = now;
      const text = describe(name, progress, (now - started) / 1000);
      if (tty) stream.write(`\r${text}\x1b[K`);
      else stream.write(`${text}\n`);
      shown = true;
    },
    done() {
      if (tty && shown) stream.write('\r\x1b[K');
    },
  };
}

/** "events.csv: 1,200,000 lines, 45% of 1.0 GB, 52,000 lines/s". */
export function describe(name: string, progress: ImportProgress, seconds: number): string {
  const share = progress.totalBytes > 0 ? Math.floor((100 * progress.bytes) / progress.totalBytes) : 100;
  const rate = seconds > 0 ? Math.round(progress.lines / seconds) : 0;
  return `${name}: ${progress.lines.toLocaleString('en')} lines, ${share}% of ${size(progress.totalBytes)}, ${rate.toLocaleString('en')} lines/s`;
}

function size(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(1)} GB`;
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  return `${Math.ceil(bytes / 1e3)} kB`;
}
