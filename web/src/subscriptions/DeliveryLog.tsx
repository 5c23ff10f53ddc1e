import { useQuery } from '@tanstack/react-query';
import { deliveriesQuery } from '../api/subscriptions.ts';
import { QueryState } from '../components/QueryState.tsx';
import { formatDateTime } from '../format/numbers.ts';

const STATUS_TEXT: Record<string, string> = {
  pending: 'Waiting',
  sending: 'Sending',
  sent: 'Sent',
  failed: 'Failed',
  unknown: 'Unknown (not resent)',
};

/** The delivery log: each recipient's copy, sent or failed and why, and the next attempt. */
export function DeliveryLog() {
  const log = useQuery(deliveriesQuery());
  return (
    <section className="card" aria-labelledby="delivery-log-title">
      <h2 id="delivery-log-title">Delivery log</h2>
      <QueryState query={log} what="the delivery log">
        {({ deliveries }) =>
          deliveries.length === 0 ? (
            <p className="hint">Nothing sent yet.</p>
          ) : (
            <div className="data-table">
              <div className="data-table__scroll" tabIndex={0} role="region" aria-label="Delivery log">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">Subscription</th>
                      <th scope="col">Period</th>
                      <th scope="col">Recipient</th>
                      <th scope="col">Status</th>
                      <th scope="col">When</th>
                      <th scope="col">Why / next attempt</th>
                    </tr>
                  </thead>
                  <tbody>
                    {deliveries.map((d) => (
                      <tr key={d.id}>
                        <td>
                          {d.subscriptionName}
                          {d.kind === 'manual' && <span className="tag tag--muted">Send now</span>}
                        </td>
                        <td>{d.period}</td>
                        <td>{d.recipient}</td>
                        <td>
                          <span className={d.status === 'sent' ? 'tag' : d.status === 'pending' ? 'tag tag--muted' : 'tag tag--warning'}>{STATUS_TEXT[d.status]}</span>
                        </td>
                        <td>{formatDateTime(d.sentAt ?? d.createdAt)}</td>
                        <td>
                          {d.lastError ?? ''}
                          {d.nextAttemptAt && ` Next attempt ${formatDateTime(d.nextAttemptAt)} (attempt ${d.attempts + 1}).`}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </div>
          )
        }
      </QueryState>
    </section>
  );
}
