import type { PeriodJson } from '@canopy/shared';
import type { Grain } from '@canopy/shared/journey/periods.ts';
import { shiftDay, todayIn } from '../format/calendar.ts';
import { dayInZone } from '../format/numbers.ts';
import { GRAIN_OPTIONS, useViewState } from '../router/view-state.ts';

const GRAIN_LABELS: Record<Grain, string> = { day: 'Day', week: 'Week', month: 'Month', quarter: 'Quarter' };

/** Grain, a date inside the period, and previous / next; everything is written into the URL. */
export function PeriodControls({ period }: { period: PeriodJson | undefined }) {
  const [view, setView] = useViewState();
  const zone = period?.timezone ?? 'UTC';
  const today = todayIn(zone);
  const current = view.date ?? (period ? dayInZone(period.start, zone) : today);
  const next = shiftDay(current, view.grain, 1);
  const nextIsFuture = period ? new Date(period.end) > new Date() : next > today;
  return (
    <fieldset className="controls__group period-controls">
      <legend>Period</legend>
      <label>
        <span className="label">Grain</span>
        <select value={view.grain} onChange={(e) => setView({ grain: e.target.value as Grain })}>
          {GRAIN_OPTIONS.map((g) => (
            <option key={g} value={g}>
              {GRAIN_LABELS[g]}
            </option>
          ))}
        </select>
      </label>
      <button type="button" className="button" onClick={() => setView({ date: shiftDay(current, view.grain, -1) })}>
        <span aria-hidden="true">‹ </span>Previous<span className="visually-hidden"> {view.grain}</span>
      </button>
      <label>
        <span className="label">Date in period</span>
        <input type="date" value={current} max={today} required onChange={(e) => e.target.value && setView({ date: e.target.value })} />
      </label>
      <button type="button" className="button" disabled={nextIsFuture} onClick={() => setView({ date: next })}>
        Next<span className="visually-hidden"> {view.grain}</span>
        <span aria-hidden="true"> ›</span>
      </button>
      {view.date && (
        <button type="button" className="button button--quiet" onClick={() => setView({ date: undefined })}>
          Latest
        </button>
      )}
    </fieldset>
  );
}
