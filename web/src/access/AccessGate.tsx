import type { ReactNode } from 'react';
import { Loading } from '../components/Loading.tsx';
import { errorMessage } from '../components/QueryState.tsx';
import SetupPage from './SetupPage.tsx';
import SignInPage from './SignInPage.tsx';
import { useSession } from './useSession.ts';

/**
 * Shows the app to whoever may see it (local mode, a signed-in person, a share link), the
 * setup page at /setup in local mode, and the sign-in page to everyone else.
 */
export function AccessGate({ children }: { children?: ReactNode }) {
  const { session, error, isPending } = useSession();
  if (isPending) return <Loading what="session" />;
  if (error || !session) return <p className="notice notice--error" role="alert">{errorMessage(error ?? new Error('No answer.'))}</p>;
  if (session.mode === 'local' && window.location.pathname.replace(/\/+$/, '') === '/setup') return <SetupPage />;
  if (session.mode === 'anonymous') return <SignInPage problem={session.problem} />;
  return <>{children}</>;
}

export default AccessGate;
