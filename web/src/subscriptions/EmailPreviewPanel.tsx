import { useQuery } from '@tanstack/react-query';
import { previewQuery } from '../api/subscriptions.ts';
import { QueryState } from '../components/QueryState.tsx';

/** Exactly the email that would go out now: its subject, the HTML in a sandboxed frame, and the text part. */
export function EmailPreviewPanel({ id, onClose }: { id: string; onClose: () => void }) {
  const preview = useQuery(previewQuery(id));
  return (
    <section className="card" aria-labelledby="preview-title">
      <div className="form-row">
        <h2 id="preview-title" className="grow">
          Preview
        </h2>
        <button type="button" className="button button--quiet" onClick={onClose}>
          Close preview
        </button>
      </div>
      <QueryState query={preview} what="the preview">
        {(p) => (
          <>
            <p>
              <strong>Subject:</strong> {p.subject} <span className="hint">(reports {p.period})</span>
            </p>
            {p.chartMissing && <p className="notice notice--warning">The chart could not be drawn: the email says so and keeps the table.</p>}
            {/* sandbox without scripts: the email is shown, never run. */}
            <iframe className="email-preview" title={`Email preview: ${p.subject}`} sandbox="" srcDoc={p.html} />
            <details>
              <summary>Plain-text part</summary>
              <pre className="email-preview__text">{p.text}</pre>
            </details>
          </>
        )}
      </QueryState>
    </section>
  );
}
