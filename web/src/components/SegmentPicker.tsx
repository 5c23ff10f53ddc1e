import type { SegmentFilter } from '../router/view-state.ts';

/** The segment in words: "plan: pro or enterprise · region: EU"; "Everyone" when unfiltered. */
export function describeSegment(filter: SegmentFilter): string {
  const parts = Object.keys(filter)
    .sort()
    .filter((key) => (filter[key]?.length ?? 0) > 0)
    .map((key) => `${key.replace(/_/g, ' ')}: ${filter[key]!.join(' or ')}`);
  return parts.length ? parts.join(' · ') : 'Everyone';
}

interface SegmentPickerProps {
  legend: string;
  attributes: Record<string, string[]>;
  value: SegmentFilter;
  onChange: (next: SegmentFilter) => void;
}

/** Checkboxes per attribute: values of one attribute are OR, different attributes AND. */
export function SegmentPicker({ legend, attributes, value, onChange }: SegmentPickerProps) {
  const toggle = (key: string, option: string, on: boolean) => {
    const values = new Set(value[key] ?? []);
    if (on) values.add(option);
    else values.delete(option);
    const next = { ...value, [key]: [...values] };
    if (values.size === 0) delete next[key];
    onChange(next);
  };
  const chosen = Object.values(value).some((v) => v.length > 0);
  return (
    <details className="segment-picker">
      <summary>
        {legend}: <strong>{describeSegment(value)}</strong>
      </summary>
      <div className="segment-picker__body">
        <p className="hint">Values of one attribute widen the segment (or); different attributes narrow it (and).</p>
        {Object.keys(attributes)
          .sort()
          .map((key) => (
            <fieldset key={key} className="segment-picker__attribute">
              <legend>{key.replace(/_/g, ' ')}</legend>
              {attributes[key]!.map((option) => (
                <label key={option} className="checkbox">
                  <input type="checkbox" checked={value[key]?.includes(option) ?? false} onChange={(e) => toggle(key, option, e.target.checked)} />
                  {option}
                </label>
              ))}
            </fieldset>
          ))}
        {chosen && (
          <button type="button" className="button button--quiet" onClick={() => onChange({})}>
            Clear {legend.toLowerCase()}
          </button>
        )}
      </div>
    </details>
  );
}
