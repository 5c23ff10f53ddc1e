import { shareHeaders } from '../access/share-token.ts';

// The one place the web app talks HTTP. Query factories (./*.ts) call these; components
// never fetch. Errors carry the server's plain-words message and reasons.

/** An answer other than 2xx, or no answer at all (status 0: the API could not be reached). */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly reasons: string[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

async function errorOf(response: Response): Promise<ApiError> {
  let body: { message?: string; reasons?: string[] } = {};
  try {
    body = (await response.json()) as typeof body;
  } catch {
    // Not JSON (a proxy's HTML page, say): the status says enough.
  }
  const message = body.message ?? `${response.status} ${response.statusText || 'error'}`;
  return new ApiError(message, response.status, body.reasons ?? []);
}

/** Sends a request to the API and returns its JSON; throws ApiError with the server's reasons. */
export async function requestJson<T>(path: string, init: RequestInit = {}): Promise<T> {
  let response: Response;
  try {
    // A page opened from a share link sends its token with every request.
    response = await fetch(path, { credentials: 'same-origin', ...init, headers: { accept: 'application/json', ...shareHeaders(), ...init.headers } });
  } catch {
    throw new ApiError('The Canopy server cannot be reached.', 0);
  }
  if (!response.ok) throw await errorOf(response);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/** GET with a query string built from `params` (arrays become repeated parameters). */
export function getJson<T>(path: string, params: Record<string, string | string[] | number | undefined> = {}, signal?: AbortSignal): Promise<T> {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) search.append(key, String(one));
  }
  const query = search.toString();
  return requestJson<T>(query ? `${path}?${query}` : path, { signal });
}

/** A JSON body request: POST, PUT or DELETE. */
export function sendJson<T>(method: 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> {
  return requestJson<T>(path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}
