import type { AccessLevel } from '../app.ts';
import type { ApiKey } from './api-keys.ts';
import type { SessionUser } from './sessions.ts';
import type { ShareLink } from './share-links.ts';

/** Who is calling, as far as the credentials (or their absence) tell. */
export type Caller =
  | { kind: 'anonymous' }
  | { kind: 'local' }
  | { kind: 'user'; user: SessionUser }
  | { kind: 'api-key'; key: ApiKey }
  | { kind: 'share'; link: ShareLink }
  /** Credentials were sent but are unknown, revoked or expired: never treated as anonymous. */
  | { kind: 'invalid'; problem: string };

/** The answer to one request: go ahead, or refuse with a status and plain words. */
export type Verdict = { allow: true } | { allow: false; status: 401 | 403; message: string };

const allow: Verdict = { allow: true };
const deny = (status: 401 | 403, message: string): Verdict => ({ allow: false, status, message });

/**
 * The access matrix: whether `caller` may call a route declaring `access` with `method`.
 * A route without an access level is closed to everyone.
 */
export function decide(access: AccessLevel | undefined, caller: Caller, method: string): Verdict {
  if (access === undefined) return deny(403, 'This route declares no access level, so it is closed.');
  if (access === 'public') return allow;
  switch (caller.kind) {
    case 'invalid':
      return deny(401, caller.problem);
    case 'anonymous':
      return deny(401, access === 'ingest' ? 'Send an API key: Authorization: Bearer cnp_live_…' : 'Sign in to see this.');
    case 'local':
      return allow;
    case 'user':
      if (access === 'viewer' || access === 'drilldown') return allow;
      return caller.user.role === 'admin' ? allow : deny(403, 'Only an admin can do this. Ask one of your admins.');
    case 'api-key':
      return access === 'ingest' ? allow : deny(403, 'An API key can only send customers and events; it cannot read anything.');
    case 'share':
      if (method !== 'GET' && method !== 'HEAD') return deny(403, 'A share link is read-only.');
      if (access === 'viewer') return allow;
      if (access === 'drilldown' && caller.link.allowCustomerDetails) return allow;
      return deny(
        403,
        access === 'drilldown' ? 'This share link does not show customer details.' : 'A share link only opens the dashboards.',
      );
  }
}
