import type { DrilldownEvent, DrilldownResponse } from '@canopy/shared';
import { formatCount, formatDateTime, formatMoney, formatSeconds } from '../format/numbers.ts';

type Customer = DrilldownResponse['customers'][number];

/** What an event was, in a few words: "phone call, held 75 s", "used reports". */
export function describeEvent(e: DrilldownEvent): string {
  switch (e.type) {
    case 'feature_used':
      return `used ${e.feature ?? 'a feature'}`;
    case 'help_viewed':
      return `viewed help${e.article ? `: ${e.article}` : ''}`;
    case 'chatbot_conversation':
      return `chatbot conversation${e.escalated ? ', handed to a human' : ''}${e.resolved === true ? ', resolved' : e.resolved === false ? ', not resolved' : ''}`;
    case 'phone_call':
      return `phone call, held ${formatSeconds(e.holdSeconds)}${e.talkSeconds !== undefined ? `, talked ${formatSeconds(e.talkSeconds)}` : ''}`;
    case 'nps_response':
      return `NPS ${e.score ?? '?'}`;
    case 'churned':
      return `churned${e.reason ? `: ${e.reason}` : ''}`;
    case 'contact':
      return `contact by ${e.channel ?? 'an unknown channel'}`;
    default:
      return e.type;
  }
}

/** One customer of a stage: who they are, their events of the period, and their own words. */
export function CustomerCard({ customer }: { customer: Customer }) {
  const attributes = Object.entries(customer.attributes);
  return (
    <article className="card customer" data-testid="customer" aria-label={customer.name ?? customer.id}>
      <header className="customer__header">
        <h3>{customer.name ?? customer.id}</h3>
        <p className="hint">
          {customer.name && <>id {customer.id} · </>}MRR {formatMoney(customer.mrr)}
          {attributes.map(([key, value]) => ` · ${key.replace(/_/g, ' ')}: ${value}`).join('')}
        </p>
      </header>
      {customer.comments.map((c) => (
        <figure key={c.occurredAt} className="comment">
          {/* The customer's words, verbatim, as plain text. */}
          <blockquote data-testid="comment">{c.comment}</blockquote>
          <figcaption className="hint">
            NPS {c.score}, {formatDateTime(c.occurredAt)}
          </figcaption>
        </figure>
      ))}
      <details>
        <summary>
          {formatCount(customer.eventCount)} events this period{customer.eventsTruncated ? ` (first ${customer.events.length} shown)` : ''}
        </summary>
        <ol className="events">
          {customer.events.map((e) => (
            <li key={e.id}>
              <time dateTime={e.occurredAt}>{formatDateTime(e.occurredAt)}</time> {describeEvent(e)}
            </li>
          ))}
        </ol>
      </details>
    </article>
  );
}
