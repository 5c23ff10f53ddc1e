import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { errorMessage } from '../components/QueryState.tsx';
import { setUp } from './api.ts';

const MIN = 10;

/** Creates the first admin (local mode only): afterwards everyone must sign in. */
export function SetupPage() {
  const client = useQueryClient();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const mutation = useMutation({ mutationFn: setUp, onSuccess: () => client.invalidateQueries() });
  const mismatch = again !== '' && again !== password;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!mismatch) mutation.mutate({ email, password });
  };
  return (
    <main className="page page--narrow" aria-labelledby="setup-title">
      <h1 id="setup-title">Create the first admin</h1>
      <p>
        Until an admin exists, anyone on this computer can see the dashboards. The admin can then add people, create share
        links for wall screens and API keys for sending data. After this, everyone signs in.
      </p>
      <form className="card" onSubmit={submit}>
        <label>
          <span className="label">Email</span>
          <input type="email" autoComplete="username" required autoFocus value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <label>
          <span className="label">Password (at least {MIN} characters)</span>
          <input type="password" autoComplete="new-password" required minLength={MIN} value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        <label>
          <span className="label">Same password again</span>
          <input
            type="password" autoComplete="new-password" required value={again} onChange={(e) => setAgain(e.target.value)}
            aria-invalid={mismatch} aria-describedby={mismatch ? 'setup-mismatch' : undefined}
          />
        </label>
        {mismatch && <p id="setup-mismatch" className="notice notice--error">The two passwords differ.</p>}
        {mutation.error && <p className="notice notice--error" role="alert">{errorMessage(mutation.error)}</p>}
        <button type="submit" className="button button--primary" disabled={mutation.isPending || mismatch}>
          {mutation.isPending ? 'Creating…' : 'Create admin and sign in'}
        </button>
      </form>
    </main>
  );
}

export default SetupPage;
