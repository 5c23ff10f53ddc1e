import { useSession } from './useSession.ts';

/** The warning shown on every page while Canopy runs in local mode (no admin yet). */
export function LocalModeBanner() {
  const { session } = useSession();
  if (session?.mode === 'local') {
    return (
      <div className="notice notice--warning no-print" role="note">
        {session.banner} <a href="/setup">Create an admin</a>
      </div>
    );
  }
  if (session?.mode === 'share') {
    return (
      <div className="notice notice--info no-print" role="note">
        Shared view “{session.label}”{session.segment ? `: ${Object.entries(session.segment).map(([k, v]) => `${k} ${v.join(' or ')}`).join(', ')}` : ''}. Read-only.
      </div>
    );
  }
  return null;
}

export default LocalModeBanner;
