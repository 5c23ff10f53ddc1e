import type { Subscription } from '@canopy/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { deleteSubscription, sendSubscriptionNow, setSubscriptionPaused, subscriptionsQuery } from '../api/subscriptions.ts';
import { PageHeader } from '../components/PageHeader.tsx';
import { errorMessage, QueryState } from '../components/QueryState.tsx';
import { formatDateTime } from '../format/numbers.ts';
import { DeliveryLog } from './DeliveryLog.tsx';
import { EmailPreviewPanel } from './EmailPreviewPanel.tsx';
import { scheduleText, segmentText } from './schedule-text.ts';
import { SubscriptionForm } from './SubscriptionForm.tsx';

/** Admin: who gets the snapshot email and when, a preview, "Send now" and the delivery log. */
export default function EmailPage() {
  const client = useQueryClient();
  const list = useQuery(subscriptionsQuery());
  const [editing, setEditing] = useState<Subscription | 'new' | null>(null);
  const [previewing, setPreviewing] = useState<string | null>(null);
  const [result, setResult] = useState<string | null>(null);
  const refresh = () => client.invalidateQueries({ queryKey: ['subscriptions'] });
  const pause = useMutation({ mutationFn: (s: Subscription) => setSubscriptionPaused(s.id, !s.paused), onSuccess: refresh });
  const remove = useMutation({ mutationFn: (s: Subscription) => deleteSubscription(s.id), onSuccess: refresh });
  const send = useMutation({
    mutationFn: ({ s, to }: { s: Subscription; to: 'subscription' | 'me' }) => sendSubscriptionNow(s.id, to),
    onSuccess: (r, { s }) => {
      setResult(`“${s.name}”, ${r.period}: ${r.sent} sent${r.failed > 0 ? `, ${r.failed} not yet (see the delivery log)` : ''}.`);
      void refresh();
    },
  });
  const error = pause.error ?? remove.error ?? send.error;
  return (
    <>
      <PageHeader
        title="Weekly email"
        subtitle="The forest as an email, on a weekday at a local time in the recipients’ time zone"
        actions={
          <button type="button" className="button button--primary" onClick={() => setEditing('new')}>
            New subscription
          </button>
        }
      />
      <QueryState query={list} what="subscriptions">
        {({ subscriptions, sending }) => (
          <>
            {!sending.enabled && (
              <p className="notice notice--warning" role="status">
                Emails are not being sent. {sending.reason}
              </p>
            )}
            {editing && <SubscriptionForm key={editing === 'new' ? 'new' : editing.id} editing={editing === 'new' ? null : editing} onDone={() => setEditing(null)} />}
            <section className="card" aria-labelledby="subscriptions-title">
              <h2 id="subscriptions-title">Subscriptions</h2>
              {subscriptions.length === 0 ? (
                <p className="hint">No one gets the email yet. “New subscription” adds a list.</p>
              ) : (
                <ul className="subscriptions">
                  {subscriptions.map((s) => (
                    <li key={s.id} className="subscription">
                      <div>
                        <strong>{s.name}</strong> {s.paused && <span className="tag tag--warning">Paused</span>}
                        <div className="hint">
                          {scheduleText(s)} · {s.segment && Object.keys(s.segment).length > 0 ? segmentText(s.segment) : 'whole company'} · {s.recipients.length}{' '}
                          {s.recipients.length === 1 ? 'recipient' : 'recipients'}
                          {s.nextSendAt && ` · next ${formatDateTime(s.nextSendAt)}`}
                        </div>
                      </div>
                      <div className="subscription__actions">
                        <button type="button" className="button button--small" onClick={() => setPreviewing(s.id)}>
                          Preview
                        </button>
                        <button type="button" className="button button--small" disabled={!sending.enabled || send.isPending} onClick={() => send.mutate({ s, to: 'me' })}>
                          Send to me
                        </button>
                        <button type="button" className="button button--small" disabled={!sending.enabled || send.isPending} onClick={() => send.mutate({ s, to: 'subscription' })}>
                          Send now
                        </button>
                        <button type="button" className="button button--small" onClick={() => setEditing(s)}>
                          Edit
                        </button>
                        <button type="button" className="button button--small" onClick={() => pause.mutate(s)}>
                          {s.paused ? 'Resume' : 'Pause'}
                        </button>
                        <button
                          type="button"
                          className="button button--small button--danger"
                          onClick={() => window.confirm(`Delete “${s.name}” and its delivery log?`) && remove.mutate(s)}
                        >
                          Delete<span className="visually-hidden"> “{s.name}”</span>
                        </button>
                      </div>
                    </li>
                  ))}
                </ul>
              )}
              {result && (
                <p className="notice notice--success" role="status">
                  {result}
                </p>
              )}
              {error && (
                <p className="notice notice--error" role="alert">
                  {errorMessage(error)}
                </p>
              )}
            </section>
            {previewing && <EmailPreviewPanel id={previewing} onClose={() => setPreviewing(null)} />}
            <DeliveryLog />
          </>
        )}
      </QueryState>
    </>
  );
}
