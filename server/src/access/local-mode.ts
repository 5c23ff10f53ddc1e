import type { FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';
import type { Db } from '../db/index.ts';
import { adminExists } from './users.ts';

/** What /api/v1/auth/me shows everyone while Canopy runs in local mode. */
export const LOCAL_MODE_BANNER = 'Anyone on this computer can see this dashboard. Create an admin before sharing it.';

/** The command that creates the first admin, quoted in every message that needs it. */
export const CREATE_ADMIN_COMMAND = 'pnpm canopy user add --email you@example.com --role admin';

/** True for a loopback host name or address: 127.0.0.0/8, ::1, localhost. */
export function isLoopback(host: string | undefined): boolean {
  if (!host) return false;
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return bare === 'localhost' || bare === '::1' || /^127\.\d+\.\d+\.\d+$/.test(bare) || /^::ffff:127\.\d+\.\d+\.\d+$/.test(bare);
}

/**
 * True when only this computer can reach the server: it listens on loopback and trusts no
 * proxy (a proxy in front would let the network in while every request looks local).
 */
export function isLoopbackOnly(config: Config): boolean {
  return isLoopback(config.host) && config.trustProxy === false;
}

/** A start that must not go ahead; the message says how to fix it. */
export class StartRefusedError extends Error {}

/**
 * Decides whether Canopy may start: listening where others can reach it needs an admin
 * account first. Returns 'local' (loopback, no admin yet) or 'accounts'.
 */
export async function checkStartAccess(config: Config, db: Db): Promise<'local' | 'accounts'> {
  if (await adminExists(db)) return 'accounts';
  if (isLoopbackOnly(config)) return 'local';
  const where = isLoopback(config.host) ? `${config.host} behind a proxy (CANOPY_TRUST_PROXY)` : config.host;
  throw new StartRefusedError(
    `Canopy will not start on ${where} without an admin account: anyone who can reach it could read the dashboards.\n` +
      `Create the first admin, then start again:\n  ${CREATE_ADMIN_COMMAND}\n` +
      'Or start on HOST=127.0.0.1 and create the admin on the setup page.',
  );
}

/**
 * Remembers whether an admin exists. Once one does, local mode is over for the life of the
 * process (the last admin cannot be removed), so later requests cost no query.
 */
export class LocalMode {
  private ended = false;
  constructor(
    private readonly config: Config,
    private readonly db: Db,
  ) {}

  /** True while the server is loopback-only and no admin exists yet. */
  async active(): Promise<boolean> {
    if (this.ended || !isLoopbackOnly(this.config)) return false;
    if (await adminExists(this.db)) this.ended = true;
    return !this.ended;
  }

  /**
   * True when this request may act as the computer's owner: local mode is on, it came over
   * loopback, names a loopback Host (a DNS-rebinding page names its own) and passed no proxy.
   */
  async grants(request: FastifyRequest): Promise<boolean> {
    if (!isLoopback(request.socket.remoteAddress) || !isLoopback(request.hostname)) return false;
    if (request.headers['x-forwarded-for'] !== undefined || request.headers.forwarded !== undefined) return false;
    return this.active();
  }
}
