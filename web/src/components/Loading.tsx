/** A calm placeholder while something loads; announced politely to screen readers. */
export function Loading({ what }: { what: string }) {
  return (
    <div className="loading" role="status" aria-live="polite">
      <span className="loading__bar" aria-hidden="true" />
      <span className="loading__text">Loading the {what}…</span>
    </div>
  );
}
