import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { errorMessage } from '../components/QueryState.tsx';
import { signIn } from './api.ts';

/** The sign-in form: email and password; one plain message when either is wrong. */
export function SignInPage({ problem }: { problem?: string }) {
  const client = useQueryClient();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const mutation = useMutation({
    mutationFn: signIn,
    onSuccess: () => client.invalidateQueries(),
    onError: () => setPassword(''),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    mutation.mutate({ email, password });
  };
  return (
    <main className="page page--narrow" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">Sign in to Canopy</h1>
      {problem && <p className="notice notice--warning">{problem}</p>}
      <form className="card" onSubmit={submit}>
        <label>
          <span className="label">Email</span>
          <input type="email" autoComplete="username" required autoFocus value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <label>
          <span className="label">Password</span>
          <input type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        {mutation.error && (
          <p className="notice notice--error" role="alert">
            {errorMessage(mutation.error)}
          </p>
        )}
        <button type="submit" className="button button--primary" disabled={mutation.isPending}>
          {mutation.isPending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <p className="hint">No account? Ask an admin of this Canopy to add you.</p>
    </main>
  );
}

export default SignInPage;
