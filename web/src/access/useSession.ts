import { useQuery } from '@tanstack/react-query';
import { sessionQuery, type Session } from './api.ts';

/**
 * Who is looking at the dashboard: local mode, a signed-in person, a share link, or no
 * one. `isAdmin` is true for admins and in local mode (where the owner may change settings).
 */
export function useSession() {
  const query = useQuery(sessionQuery());
  const session: Session | undefined = query.data;
  const isAdmin = session?.mode === 'local' || (session?.mode === 'signed-in' && session.user.role === 'admin');
  return { ...query, session, isAdmin };
}
