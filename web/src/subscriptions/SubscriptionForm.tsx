import { SECTION_KEYS, type SectionKey, type Subscription, type SubscriptionInput } from '@canopy/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { addSubscription, updateSubscription } from '../api/subscriptions.ts';
import { errorMessage } from '../components/QueryState.tsx';
import { parseSegmentText, segmentText, WEEKDAYS } from './schedule-text.ts';

const SECTION_LABELS: Record<SectionKey, string> = {
  forest: 'Forest chart and table',
  change: 'Change since the previous period',
  stages: 'NPS and churn by stage',
  departments: 'Departments and local-optimum flags',
  comments: 'Up to three NPS comments from the right-most stage',
};

function browserZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

const ZONES: string[] = (() => {
  try {
    return (Intl as unknown as { supportedValuesOf(k: string): string[] }).supportedValuesOf('timeZone');
  } catch {
    return [];
  }
})();

/** Create or edit a subscription: who, when (weekday, time, time zone), what period and segment, which sections. */
export function SubscriptionForm({ editing, onDone }: { editing: Subscription | null; onDone: () => void }) {
  const client = useQueryClient();
  const [name, setName] = useState(editing?.name ?? '');
  const [recipients, setRecipients] = useState(editing?.recipients.join('\n') ?? '');
  const [weekday, setWeekday] = useState(editing?.weekday ?? 1);
  const [localTime, setLocalTime] = useState(editing?.localTime ?? '08:00');
  const [timezone, setTimezone] = useState(editing?.timezone ?? browserZone());
  const [grain, setGrain] = useState<'week' | 'month'>(editing?.grain ?? 'week');
  const [segment, setSegment] = useState(editing ? segmentText(editing.segment) : '');
  const [sections, setSections] = useState<SectionKey[]>(editing?.sections ?? [...SECTION_KEYS]);
  const [problem, setProblem] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (input: SubscriptionInput) => (editing ? updateSubscription(editing.id, input) : addSubscription(input)),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['subscriptions'] });
      onDone();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = parseSegmentText(segment);
    if (parsed.problem) return setProblem(parsed.problem);
    setProblem(null);
    save.mutate({
      name,
      recipients: recipients.split(/[\n,;]+/).map((r) => r.trim()).filter(Boolean),
      weekday,
      localTime,
      timezone,
      grain,
      segment: parsed.segment,
      sections: SECTION_KEYS.filter((k) => sections.includes(k)),
      paused: editing?.paused ?? false,
    });
  };
  const toggle = (key: SectionKey) => setSections((s) => (s.includes(key) ? s.filter((k) => k !== key) : [...s, key]));
  return (
    <form className="card subscription-form" onSubmit={submit} aria-labelledby="subscription-form-title">
      <h2 id="subscription-form-title">{editing ? `Edit “${editing.name}”` : 'New subscription'}</h2>
      <div className="form-row">
        <label className="grow">
          <span className="label">Name</span>
          <input type="text" required maxLength={120} placeholder="Leadership weekly" value={name} onChange={(e) => setName(e.target.value)} />
        </label>
      </div>
      <div className="form-row">
        <label className="grow">
          <span className="label">Recipients (one address per line)</span>
          <textarea required rows={3} placeholder={'ceo@example.com\ncfo@example.com'} value={recipients} onChange={(e) => setRecipients(e.target.value)} />
        </label>
      </div>
      <div className="form-row">
        <label>
          <span className="label">Day</span>
          <select value={weekday} onChange={(e) => setWeekday(Number(e.target.value))}>
            {WEEKDAYS.map((d, i) => (
              <option key={d} value={i + 1}>
                {d}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span className="label">Time</span>
          <input type="time" required value={localTime} onChange={(e) => setLocalTime(e.target.value)} />
        </label>
        <label className="grow">
          <span className="label">Time zone of the recipients</span>
          <input type="text" required list="time-zones" value={timezone} onChange={(e) => setTimezone(e.target.value)} />
          <datalist id="time-zones">
            {ZONES.map((z) => (
              <option key={z} value={z} />
            ))}
          </datalist>
        </label>
        <label>
          <span className="label">Reports</span>
          <select value={grain} onChange={(e) => setGrain(e.target.value as 'week' | 'month')}>
            <option value="week">The last complete week</option>
            <option value="month">The last complete month</option>
          </select>
        </label>
      </div>
      <div className="form-row">
        <label className="grow">
          <span className="label">Segment (optional, e.g. plan:pro, region:EU)</span>
          <input type="text" placeholder="Whole company" value={segment} onChange={(e) => setSegment(e.target.value)} />
        </label>
      </div>
      <fieldset className="inline-fieldset">
        <legend className="label">Sections (the headline is always there)</legend>
        {SECTION_KEYS.map((key) => (
          <label key={key} className="checkbox">
            <input type="checkbox" checked={sections.includes(key)} onChange={() => toggle(key)} />
            {SECTION_LABELS[key]}
          </label>
        ))}
      </fieldset>
      <div className="form-row">
        <button type="submit" className="button button--primary" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : editing ? 'Save changes' : 'Subscribe'}
        </button>
        <button type="button" className="button button--quiet" onClick={onDone}>
          Cancel
        </button>
      </div>
      {(problem || save.error) && (
        <p className="notice notice--error" role="alert">
          {problem ?? errorMessage(save.error!)}
        </p>
      )}
    </form>
  );
}
