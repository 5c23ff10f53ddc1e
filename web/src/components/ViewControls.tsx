import type { PeriodJson } from '@canopy/shared';
import { useQuery } from '@tanstack/react-query';
import { segmentsQuery } from '../api/journey.ts';
import { useViewState } from '../router/view-state.ts';
import { PeriodControls } from './PeriodControls.tsx';
import { SegmentPicker } from './SegmentPicker.tsx';

/** Period, segment and (where a page supports it) a second segment to compare with. */
export function ViewControls({ period, allowCompare = false }: { period: PeriodJson | undefined; allowCompare?: boolean }) {
  const [view, setView] = useViewState();
  const segments = useQuery(segmentsQuery());
  const attributes = segments.data?.attributes ?? {};
  return (
    <section className="controls no-print" aria-label="Period and segment">
      <PeriodControls period={period} />
      <div className="controls__group">
        <SegmentPicker legend="Segment" attributes={attributes} value={view.segment} onChange={(segment) => setView({ segment })} />
        {allowCompare && (
          <>
            <label className="checkbox">
              <input type="checkbox" checked={view.compare !== undefined} onChange={(e) => setView({ compare: e.target.checked ? {} : undefined })} />
              Compare with another segment
            </label>
            {view.compare && (
              <SegmentPicker legend="Compare with" attributes={attributes} value={view.compare} onChange={(compare) => setView({ compare })} />
            )}
          </>
        )}
        {segments.error && <p className="hint">Segment filters are unavailable: {segments.error.message}</p>}
      </div>
    </section>
  );
}
