import type { Ladder, UnitCosts } from '@canopy/shared';

const TYPES = [
  { type: 'help_viewed', label: 'Help view' },
  { type: 'chatbot_conversation', label: 'Chatbot conversation' },
  { type: 'phone_call', label: 'Phone call' },
] as const;

/** The cost of one assisted event per type, and of one contact per channel the ladder (or the costs) name. */
export function UnitCostsEditor({ costs, ladder, onChange }: { costs: UnitCosts; ladder: Ladder; onChange: (costs: UnitCosts) => void }) {
  const channels = [...new Set([...ladder.flatMap((s) => s.channels), ...Object.keys(costs.channels)])].sort();
  const number = (value: string) => (value === '' ? Number.NaN : Number(value));
  return (
    <div className="form-row">
      {TYPES.map(({ type, label }) => (
        <label key={type}>
          <span className="label">{label}</span>
          <input type="number" min={0} step="0.01" value={Number.isNaN(costs[type]) ? '' : costs[type]} onChange={(e) => onChange({ ...costs, [type]: number(e.target.value) })} />
        </label>
      ))}
      {channels.map((channel) => (
        <label key={channel}>
          <span className="label">Contact: {channel}</span>
          <input
            type="number"
            min={0}
            step="0.01"
            value={costs.channels[channel] ?? ''}
            onChange={(e) => {
              const next = { ...costs.channels };
              if (e.target.value === '') delete next[channel];
              else next[channel] = number(e.target.value);
              onChange({ ...costs, channels: next });
            }}
          />
        </label>
      ))}
    </div>
  );
}
