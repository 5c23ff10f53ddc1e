import type { Flag } from '@canopy/shared';

const DEPARTMENT_NAMES: Record<string, string> = { support: 'Support', chatbot: 'the chatbot team', help: 'the help team' };

/** Local optima, explained: a department's own numbers improved while more customers needed its stage. */
export function FlagNote({ flags }: { flags: Flag[] }) {
  if (flags.length === 0) return null;
  const who = [...new Set(flags.map((f) => DEPARTMENT_NAMES[f.department] ?? f.department))].join(' and ');
  return (
    <aside className="flag" data-testid="flag" aria-label="Local optimum">
      <p className="flag__title">
        <span aria-hidden="true">⚑ </span>Local optimum
      </p>
      <ul>
        {flags.map((flag) => (
          <li key={`${flag.department}-${flag.figure}`}>{flag.message}</li>
        ))}
      </ul>
      <p className="hint">
        Better numbers for {who}, yet the forest got worse: more customers needed this much effort. Ask why they came, not only how fast they were served.
      </p>
    </aside>
  );
}
