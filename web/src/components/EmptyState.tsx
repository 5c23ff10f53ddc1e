import { Link } from '../router/Link.tsx';

/** What to do when there is no data yet: how to get customers and events in. */
export function EmptyState({ what = 'this period' }: { what?: string }) {
  return (
    <section className="notice notice--info" aria-labelledby="empty-title">
      <h2 id="empty-title">No customer activity for {what} yet</h2>
      <p>Canopy fills in as events arrive. To get data in:</p>
      <ul>
        <li>
          <Link to="/data">Upload a CSV or JSON Lines file</Link> of customers or events on the Data page;
        </li>
        <li>
          send events to <code>POST /api/v1/events</code> from your systems (see the <a href="/docs">API documentation</a>);
        </li>
        <li>or pick an earlier period with the controls above.</li>
      </ul>
    </section>
  );
}
