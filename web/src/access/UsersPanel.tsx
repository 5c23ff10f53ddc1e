import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { errorMessage } from '../components/QueryState.tsx';
import { addUser, changeUser, removeUser, usersQuery, type Role } from './api.ts';
import { useSession } from './useSession.ts';

/** People who can sign in: add one with a first password, change a role, remove (admins only). */
export function UsersPanel() {
  const { isAdmin, session } = useSession();
  const client = useQueryClient();
  const users = useQuery({ ...usersQuery(), enabled: isAdmin });
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const [password, setPassword] = useState('');
  const refresh = () => client.invalidateQueries({ queryKey: ['users'] });
  const add = useMutation({ mutationFn: addUser, onSuccess: () => (setEmail(''), setPassword(''), refresh()) });
  const change = useMutation({ mutationFn: (v: { id: string; role: Role }) => changeUser(v.id, { role: v.role }), onSuccess: refresh });
  const remove = useMutation({ mutationFn: removeUser, onSuccess: refresh });
  if (!isAdmin) return null;
  const me = session?.mode === 'signed-in' ? session.user.email : undefined;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate({ email, role, password });
  };
  const problem = users.error ?? add.error ?? change.error ?? remove.error;
  return (
    <section className="card" aria-labelledby="users-title">
      <h2 id="users-title">People</h2>
      <p className="hint">Admins change settings and manage people, keys and links. Viewers read every dashboard.</p>
      <table className="table">
        <thead>
          <tr><th scope="col">Email</th><th scope="col">Role</th><th scope="col"><span className="visually-hidden">Actions</span></th></tr>
        </thead>
        <tbody>
          {users.data?.users.map((u) => (
            <tr key={u.id}>
              <td>{u.email}{u.email === me ? ' (you)' : ''}</td>
              <td>
                <select aria-label={`Role of ${u.email}`} value={u.role} onChange={(e) => change.mutate({ id: u.id, role: e.target.value as Role })}>
                  <option value="viewer">viewer</option>
                  <option value="admin">admin</option>
                </select>
              </td>
              <td>
                <button type="button" className="button button--small button--danger" onClick={() => remove.mutate(u.id)} disabled={remove.isPending}>
                  Remove<span className="visually-hidden"> {u.email}</span>
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form className="form-row" onSubmit={submit} aria-label="Add a person">
        <label className="grow"><span className="label">Email</span>
          <input type="email" required autoComplete="off" value={email} onChange={(e) => setEmail(e.target.value)} /></label>
        <label><span className="label">Role</span>
          <select value={role} onChange={(e) => setRole(e.target.value as Role)}><option value="viewer">viewer</option><option value="admin">admin</option></select></label>
        <label><span className="label">First password (10+ characters)</span>
          <input type="password" required minLength={10} autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} /></label>
        <button type="submit" className="button button--primary" disabled={add.isPending}>{add.isPending ? 'Adding…' : 'Add person'}</button>
      </form>
      {problem && <p className="notice notice--error" role="alert">{errorMessage(problem)}</p>}
    </section>
  );
}

export default UsersPanel;
