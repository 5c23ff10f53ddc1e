import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { errorMessage } from '../components/QueryState.tsx';
import { apiKeysQuery, createApiKey, revokeApiKey } from './api.ts';
import { CopyButton } from './CopyButton.tsx';
import { useSession } from './useSession.ts';

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : 'never');

/** Ingestion keys: create one (shown once, with a copy button), see when each was last used, revoke. */
export function ApiKeysPanel() {
  const { isAdmin } = useSession();
  const client = useQueryClient();
  const keys = useQuery({ ...apiKeysQuery(), enabled: isAdmin });
  const [name, setName] = useState('');
  const [fresh, setFresh] = useState<string | null>(null);
  const refresh = () => client.invalidateQueries({ queryKey: ['api-keys'] });
  const create = useMutation({ mutationFn: createApiKey, onSuccess: (key) => (setFresh(key.token), setName(''), refresh()) });
  const revoke = useMutation({ mutationFn: revokeApiKey, onSuccess: refresh });
  if (!isAdmin) return null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(name);
  };
  const problem = keys.error ?? create.error ?? revoke.error;
  return (
    <section className="card" aria-labelledby="keys-title">
      <h2 id="keys-title">API keys for sending data</h2>
      <p className="hint">A key can send customers and events (Authorization: Bearer …) and read nothing.</p>
      {fresh && (
        <div className="notice notice--success" role="status" tabIndex={-1} ref={(el) => el?.focus()}>
          <p><strong>Copy this key now: it will not be shown again.</strong></p>
          <code className="secret">{fresh}</code> <CopyButton text={fresh} what="API key" />{' '}
          <button type="button" className="button button--small button--quiet" onClick={() => setFresh(null)}>I stored it</button>
        </div>
      )}
      <table className="table">
        <thead><tr><th scope="col">Key</th><th scope="col">Name</th><th scope="col">Last used</th><th scope="col"><span className="visually-hidden">Actions</span></th></tr></thead>
        <tbody>
          {keys.data?.keys.map((k) => (
            <tr key={k.id}>
              <td><code>{k.prefix}…</code></td>
              <td>{k.name}</td>
              <td>{k.revokedAt ? `revoked ${when(k.revokedAt)}` : when(k.lastUsedAt)}</td>
              <td>
                {!k.revokedAt && (
                  <button type="button" className="button button--small button--danger" onClick={() => revoke.mutate(k.id)} disabled={revoke.isPending}>
                    Revoke<span className="visually-hidden"> key {k.name}</span>
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form className="form-row" onSubmit={submit} aria-label="Create an API key">
        <label className="grow"><span className="label">What sends with it</span>
          <input type="text" required maxLength={100} placeholder="CRM sync" value={name} onChange={(e) => setName(e.target.value)} /></label>
        <button type="submit" className="button button--primary" disabled={create.isPending}>Create key</button>
      </form>
      {problem && <p className="notice notice--error" role="alert">{errorMessage(problem)}</p>}
    </section>
  );
}

export default ApiKeysPanel;
