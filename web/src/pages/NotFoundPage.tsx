import { Link } from '../router/Link.tsx';

/** A path the app does not know. */
export default function NotFoundPage() {
  return (
    <section className="notice notice--info">
      <h1>Page not found</h1>
      <p>
        There is no page at {window.location.pathname}. <Link to="/">Go to the forest.</Link>
      </p>
    </section>
  );
}
