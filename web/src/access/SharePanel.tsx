import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { errorMessage } from '../components/QueryState.tsx';
import { createShareLink, revokeShareLink, shareLinksQuery, type ShareLink } from './api.ts';
import { CopyButton } from './CopyButton.tsx';
import { shareUrl } from './share-token.ts';
import { useSession } from './useSession.ts';

const segmentText = (s: ShareLink['segment']) => (s ? Object.entries(s).map(([k, v]) => `${k}: ${v.join(', ')}`).join('; ') : 'every customer');
const state = (l: ShareLink) =>
  l.revokedAt ? 'revoked' : l.expiresAt && new Date(l.expiresAt) <= new Date() ? 'expired' : l.expiresAt ? `until ${new Date(l.expiresAt).toLocaleString()}` : 'no expiry';

/** Read-only links for wall screens: create (optional segment, expiry, customer details), copy once, revoke. */
export function SharePanel() {
  const { isAdmin } = useSession();
  const client = useQueryClient();
  const links = useQuery({ ...shareLinksQuery(), enabled: isAdmin });
  const [label, setLabel] = useState('');
  const [segment, setSegment] = useState('');
  const [expires, setExpires] = useState('');
  const [details, setDetails] = useState(false);
  const [fresh, setFresh] = useState<string | null>(null);
  const refresh = () => client.invalidateQueries({ queryKey: ['share-links'] });
  const create = useMutation({ mutationFn: createShareLink, onSuccess: (link) => (setFresh(shareUrl(link.token)), setLabel(''), refresh()) });
  const revoke = useMutation({ mutationFn: revokeShareLink, onSuccess: refresh });
  if (!isAdmin) return null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parts = segment.split(',').map((s) => s.trim()).filter(Boolean);
    create.mutate({ label, segment: parts, allowCustomerDetails: details, expiresAt: expires ? new Date(expires).toISOString() : null });
  };
  const problem = links.error ?? create.error ?? revoke.error;
  return (
    <section className="card" aria-labelledby="share-title">
      <h2 id="share-title">Share links</h2>
      <p className="hint">Anyone with a link sees the dashboards, read-only, without an account. Revoke a link and it stops working at once.</p>
      {fresh && (
        <div className="notice notice--success" role="status" tabIndex={-1} ref={(el) => el?.focus()}>
          <p><strong>Copy this link now: it will not be shown again.</strong></p>
          <code className="secret">{fresh}</code> <CopyButton text={fresh} what="share link" />{' '}
          <button type="button" className="button button--small button--quiet" onClick={() => setFresh(null)}>Done</button>
        </div>
      )}
      <table className="table">
        <thead><tr><th scope="col">Link</th><th scope="col">Shows</th><th scope="col">Customer details</th><th scope="col">Valid</th><th scope="col"><span className="visually-hidden">Actions</span></th></tr></thead>
        <tbody>
          {links.data?.links.map((l) => (
            <tr key={l.id}>
              <td>{l.label} <code>{l.prefix}…</code></td>
              <td>{segmentText(l.segment)}</td>
              <td>{l.allowCustomerDetails ? 'shown' : 'hidden'}</td>
              <td>{state(l)}</td>
              <td>
                {!l.revokedAt && (
                  <button type="button" className="button button--small button--danger" onClick={() => revoke.mutate(l.id)} disabled={revoke.isPending}>
                    Revoke<span className="visually-hidden"> link {l.label}</span>
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form className="form-row" onSubmit={submit} aria-label="Create a share link">
        <label className="grow"><span className="label">Where it is used</span>
          <input type="text" required maxLength={100} placeholder="Support wall screen" value={label} onChange={(e) => setLabel(e.target.value)} /></label>
        <label><span className="label">Only this segment (optional)</span>
          <input type="text" placeholder="plan:pro, region:EU" value={segment} onChange={(e) => setSegment(e.target.value)} aria-describedby="share-segment-hint" /></label>
        <label><span className="label">Expires (optional)</span>
          <input type="datetime-local" value={expires} onChange={(e) => setExpires(e.target.value)} /></label>
        <label className="checkbox"><input type="checkbox" checked={details} onChange={(e) => setDetails(e.target.checked)} />
          <span>Show customer names, comments and drill-downs</span></label>
        <button type="submit" className="button button--primary" disabled={create.isPending}>Create link</button>
      </form>
      <p id="share-segment-hint" className="hint">A segment is forced onto every view of the link: viewers can narrow it, never widen it.</p>
      {problem && <p className="notice notice--error" role="alert">{errorMessage(problem)}</p>}
    </section>
  );
}

export default SharePanel;
