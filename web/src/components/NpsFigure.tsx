import type { Nps } from '@canopy/shared';
import { formatCount, formatNps } from '../format/numbers.ts';

/** An NPS with its responses, marked when the sample is too small to lean on. */
export function NpsFigure({ nps }: { nps: Nps }) {
  return (
    <span className="nps">
      <span className="nps__score" data-testid="nps-score">
        {formatNps(nps.score)}
      </span>{' '}
      <span className="nps__responses">
        ({formatCount(nps.responses)} {nps.responses === 1 ? 'response' : 'responses'})
      </span>
      {nps.lowSample && (
        <span className="tag tag--warning" title="Fewer responses than the minimum sample: read with care.">
          low sample
        </span>
      )}
    </span>
  );
}
