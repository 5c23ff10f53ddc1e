import type { Annotation } from '@canopy/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { addAnnotation, deleteAnnotation } from '../api/annotations.ts';
import type { PlacedAnnotation } from '../charts/annotations-on-periods.ts';
import { formatDate } from '../format/numbers.ts';
import { errorMessage } from './QueryState.tsx';

/** The notes on the charts, numbered as the markers are, and (for admins) a form to add one. */
export function AnnotationsPanel({ placed, all }: { placed: PlacedAnnotation[]; all: Annotation[] }) {
  const client = useQueryClient();
  const [day, setDay] = useState('');
  const [text, setText] = useState('');
  const refresh = () => client.invalidateQueries({ queryKey: ['annotations'] });
  const add = useMutation({ mutationFn: addAnnotation, onSuccess: () => (setText(''), refresh()) });
  const remove = useMutation({ mutationFn: deleteAnnotation, onSuccess: refresh });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate({ occurredOn: day, text });
  };
  const outside = all.length - placed.length;
  return (
    <section className="card" aria-labelledby="notes-title">
      <h2 id="notes-title">Notes on the charts</h2>
      {placed.length === 0 ? (
        <p className="hint">No notes fall in these periods{outside > 0 ? ` (${outside} elsewhere)` : ''}.</p>
      ) : (
        <ol className="notes" data-testid="annotations">
          {placed.map(({ annotation, periodLabel, number }) => (
            <li key={annotation.id} value={number}>
              <span>
                <strong>{formatDate(`${annotation.occurredOn}T12:00:00Z`)}</strong> ({periodLabel}): {annotation.text}
              </span>{' '}
              <button type="button" className="button button--small button--danger" onClick={() => remove.mutate(annotation.id)} disabled={remove.isPending}>
                Delete<span className="visually-hidden"> note “{annotation.text}”</span>
              </button>
            </li>
          ))}
        </ol>
      )}
      <form className="form-row no-print" onSubmit={submit} aria-label="Add a note">
        <label>
          <span className="label">Day</span>
          <input type="date" required value={day} onChange={(e) => setDay(e.target.value)} />
        </label>
        <label className="grow">
          <span className="label">What happened</span>
          <input type="text" required maxLength={280} placeholder="Help centre relaunched" value={text} onChange={(e) => setText(e.target.value)} />
        </label>
        <button type="submit" className="button button--primary" disabled={add.isPending}>
          {add.isPending ? 'Adding…' : 'Add note'}
        </button>
      </form>
      {(add.error || remove.error) && (
        <p className="notice notice--error" role="alert">
          {errorMessage((add.error ?? remove.error)!)}
        </p>
      )}
    </section>
  );
}
