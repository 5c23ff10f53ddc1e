import { resolve } from 'node:path';
import { isValidZone } from '@canopy/shared';

/** Everything Canopy reads from its environment, validated once at start. See .env.example. */
export interface Config {
  host: string;
  port: number;
  /** Real PostgreSQL when set; the embedded database otherwise. */
  databaseUrl: string | undefined;
  /** Where the embedded database keeps its files (an absolute path). */
  dataDir: string;
  /** The deployment's IANA time zone: periods start at midnight here. */
  timezone: string;
  /** Seed the demo company on an empty database at start. */
  demoData: boolean;
  /** The most items one POST /api/v1/events or /customers may carry. */
  maxBatchItems: number;
  logLevel: string;
  /** Behind a reverse proxy: which hops to believe for the client address and protocol (CANOPY_TRUST_PROXY). */
  trustProxy: boolean | number | string[];
  /** Session cookies carry Secure: always, never, or when the request came over HTTPS ('auto'). */
  cookieSecure: boolean | 'auto';
  /** Other origins allowed to call the API from a browser (CORS); empty: none. */
  corsOrigins: string[];
  /** Most ingestion requests one API key (or address) may make per minute. */
  ingestRequestsPerMinute: number;
  /**
   * Dashboard reads may serve figures that miss at most this many seconds of new data
   * (from the first change they have not seen; marked `refreshing`, with the data they
   * include) while they are recounted; 0: always exact.
   */
  staleFiguresSeconds: number;
  /** Where snapshot emails are sent through (smtp:// or smtps://); undefined: no email is sent. */
  smtpUrl: string | undefined;
  /** The From address of snapshot emails. */
  mailFrom: string | undefined;
  /** The address people open Canopy at, for links in emails (no trailing slash). */
  publicUrl: string;
}

/** A bad configuration value; the message says how to fix it. */
export class ConfigError extends Error {}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** Reads and validates the configuration; throws ConfigError listing every bad value. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];

  const integer = (name: string, fallback: number, min: number, max: number) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name}=${JSON.stringify(raw)} is not valid: use a whole number from ${min} to ${max}.`);
      return fallback;
    }
    return value;
  };
  const boolean = (name: string, fallback: boolean) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    if (['true', '1', 'yes'].includes(raw.toLowerCase())) return true;
    if (['false', '0', 'no'].includes(raw.toLowerCase())) return false;
    problems.push(`${name}=${JSON.stringify(raw)} is not valid: use true or false.`);
    return fallback;
  };

  const timezone = env.CANOPY_TIMEZONE || 'UTC';
  if (!isValidZone(timezone)) {
    problems.push(
      `CANOPY_TIMEZONE=${JSON.stringify(timezone)} is not a time zone: use an IANA name such as UTC or Europe/Berlin.`,
    );
  }

  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push('DATABASE_URL must start with postgres:// or postgresql:// (e.g. postgres://user:pass@host:5432/canopy).');
  }

  const logLevel = env.LOG_LEVEL || 'info';
  if (!LOG_LEVELS.includes(logLevel)) {
    problems.push(`LOG_LEVEL=${JSON.stringify(logLevel)} is not valid: use one of ${LOG_LEVELS.join(', ')}.`);
  }

  const trustProxy = parseTrustProxy(env.CANOPY_TRUST_PROXY, problems);
  const cookieSecure: boolean | 'auto' =
    (env.CANOPY_COOKIE_SECURE || 'auto').toLowerCase() === 'auto' ? 'auto' : boolean('CANOPY_COOKIE_SECURE', false);
  const corsOrigins = (env.CANOPY_CORS_ORIGINS ?? '').split(',').map((o) => o.trim()).filter(Boolean);
  for (const origin of corsOrigins) {
    if (!/^https?:\/\/[^/\s]+$/.test(origin)) {
      problems.push(`CANOPY_CORS_ORIGINS: ${JSON.stringify(origin)} is not an origin: use scheme and host only, e.g. https://intranet.example.com`);
    }
  }

  const smtpUrl = env.SMTP_URL || undefined;
  if (smtpUrl && !/^smtps?:\/\/[^/\s]+/.test(smtpUrl)) {
    problems.push('SMTP_URL must look like smtp://user:password@mail.example.com:587 (or smtps:// for TLS from the start).');
  }
  const mailFrom = env.MAIL_FROM || undefined;
  if (mailFrom && !/^[^<>@\s]+@[^<>@\s]+$|^[^<>]*<[^<>@\s]+@[^<>@\s]+>$/.test(mailFrom.trim())) {
    problems.push(`MAIL_FROM=${JSON.stringify(mailFrom)} is not an address: use canopy@example.com or "Canopy <canopy@example.com>".`);
  }
  if (smtpUrl && !mailFrom) problems.push('SMTP_URL is set but MAIL_FROM is not: set the From address, e.g. MAIL_FROM="Canopy <canopy@example.com>".');
  const publicUrl = (env.CANOPY_PUBLIC_URL || '').replace(/\/+$/, '');
  if (publicUrl && !/^https?:\/\/[^/\s]+/.test(publicUrl)) {
    problems.push(`CANOPY_PUBLIC_URL=${JSON.stringify(env.CANOPY_PUBLIC_URL)} is not valid: use the address people open Canopy at, e.g. https://canopy.example.com`);
  }

  const config: Config = {
    host: env.HOST || '127.0.0.1',
    port: integer('PORT', 3000, 0, 65535),
    databaseUrl,
    // Relative to where the command was typed (pnpm runs scripts inside the package folder).
    dataDir: resolve(env.INIT_CWD || process.cwd(), env.CANOPY_DATA_DIR || './.canopy-data'),
    timezone,
    demoData: boolean('CANOPY_DEMO_DATA', true),
    maxBatchItems: integer('CANOPY_MAX_BATCH_ITEMS', 5000, 1, 50000),
    logLevel,
    trustProxy,
    cookieSecure,
    corsOrigins,
    ingestRequestsPerMinute: integer('CANOPY_INGEST_REQUESTS_PER_MINUTE', 1200, 1, 1_000_000),
    staleFiguresSeconds: integer('CANOPY_STALE_FIGURES_SECONDS', 60, 0, 600),
    smtpUrl,
    mailFrom: mailFrom?.trim(),
    publicUrl: publicUrl || `http://localhost:${env.PORT || 3000}`,
  };
  if (problems.length > 0) throw new ConfigError(`Canopy cannot start:\n- ${problems.join('\n- ')}`);
  return config;
}

/** CANOPY_TRUST_PROXY: false (default), true, a number of proxy hops, or a comma list of proxy addresses/CIDRs. */
function parseTrustProxy(raw: string | undefined, problems: string[]): boolean | number | string[] {
  if (raw === undefined || raw === '' || ['false', '0', 'no'].includes(raw.toLowerCase())) return false;
  if (['true', 'yes'].includes(raw.toLowerCase())) return true;
  if (/^[1-9][0-9]?$/.test(raw)) return Number(raw);
  const list = raw.split(',').map((s) => s.trim()).filter(Boolean);
  if (list.every((s) => /^[0-9a-fA-F:.]+(\/[0-9]{1,3})?$/.test(s))) return list;
  problems.push(
    `CANOPY_TRUST_PROXY=${JSON.stringify(raw)} is not valid: use false, true, a number of proxy hops (1), or proxy addresses such as 10.0.0.5,10.1.0.0/16.`,
  );
  return false;
}

/** The configuration, or undefined after printing what is wrong and how to fix it. */
export function loadConfigOrReport(env: NodeJS.ProcessEnv = process.env): Config | undefined {
  try {
    return loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    return undefined;
  }
}
