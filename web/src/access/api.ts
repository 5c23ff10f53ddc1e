import { queryOptions } from '@tanstack/react-query';
import { ApiError, getJson, sendJson } from '../api/client.ts';
import { shareHeaders } from './share-token.ts';

// The access API as the web app sees it; its types are the server's schemas (shared/).
import type { ApiKey, Role, Session, ShareLink, User } from '@canopy/shared/schemas/access.ts';
export type { ApiKey, Role, Session, ShareLink, User };

/** GET /api/v1/auth/me: who is looking. A 401 is an answer here (mode anonymous), not an error. */
export const sessionQuery = () =>
  queryOptions({
    queryKey: ['session'],
    queryFn: async ({ signal }): Promise<Session> => {
      let response: Response;
      try {
        response = await fetch('/api/v1/auth/me', { credentials: 'same-origin', signal, headers: { accept: 'application/json', ...shareHeaders() } });
      } catch {
        throw new ApiError('The Canopy server cannot be reached.', 0);
      }
      if (response.status !== 200 && response.status !== 401) throw new ApiError(`${response.status} ${response.statusText}`, response.status);
      return (await response.json()) as Session;
    },
    staleTime: 60_000,
  });

export const usersQuery = () => queryOptions({ queryKey: ['users'], queryFn: ({ signal }) => getJson<{ users: User[] }>('/api/v1/users', {}, signal) });
export const apiKeysQuery = () => queryOptions({ queryKey: ['api-keys'], queryFn: ({ signal }) => getJson<{ keys: ApiKey[] }>('/api/v1/api-keys', {}, signal) });
export const shareLinksQuery = () => queryOptions({ queryKey: ['share-links'], queryFn: ({ signal }) => getJson<{ links: ShareLink[] }>('/api/v1/share-links', {}, signal) });

/** POST /auth/sign-in; the answer sets the session cookie. */
export const signIn = (input: { email: string; password: string }) => sendJson<void>('POST', '/api/v1/auth/sign-in', input);
/** POST /auth/setup: the first admin, in local mode only. */
export const setUp = (input: { email: string; password: string }) => sendJson<Session>('POST', '/api/v1/auth/setup', input);
/** POST /auth/sign-out (this browser) or /auth/sign-out-everywhere (every session of this person). */
export const signOut = (everywhere = false) => sendJson<void>('POST', `/api/v1/auth/sign-out${everywhere ? '-everywhere' : ''}`);

export const addUser = (input: { email: string; role: Role; password: string }) => sendJson<User>('POST', '/api/v1/users', input);
export const changeUser = (id: string, change: { role?: Role; password?: string }) => sendJson<void>('PUT', `/api/v1/users/${encodeURIComponent(id)}`, change);
export const removeUser = (id: string) => sendJson<void>('DELETE', `/api/v1/users/${encodeURIComponent(id)}`);

export const createApiKey = (name: string) => sendJson<ApiKey & { token: string }>('POST', '/api/v1/api-keys', { name });
export const revokeApiKey = (id: string) => sendJson<void>('DELETE', `/api/v1/api-keys/${encodeURIComponent(id)}`);

export const createShareLink = (input: { label: string; segment?: string[]; allowCustomerDetails: boolean; expiresAt: string | null }) =>
  sendJson<ShareLink & { token: string }>('POST', '/api/v1/share-links', input);
export const revokeShareLink = (id: string) => sendJson<void>('DELETE', `/api/v1/share-links/${encodeURIComponent(id)}`);
