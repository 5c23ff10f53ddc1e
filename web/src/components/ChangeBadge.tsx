import { displayedPointsChange } from '@canopy/shared/journey/change.ts';
import { arrow, shareChangeVerdict, verdictWords } from '../format/change.ts';
import { formatPoints, formatShare } from '../format/numbers.ts';

interface ChangeBadgeProps {
  rank: number;
  share: number | null;
  previousShare: number | null;
  previousLabel: string;
}

/**
 * How a stage's share moved since the previous period, marked good when customers moved
 * left: a rise of the first stage is good, a rise of any other stage is bad. Arrow and
 * words carry the meaning as well as the colour.
 */
export function ChangeBadge({ rank, share, previousShare, previousLabel }: ChangeBadgeProps) {
  const points = displayedPointsChange(share, previousShare);
  const verdict = shareChangeVerdict(rank, points === null ? null : points / 100);
  return (
    <p className={`change change--${verdict}`} data-testid="stage-change">
      <span aria-hidden="true" className="change__arrow">
        {arrow(points)}
      </span>{' '}
      <span className="change__points">{formatPoints(points)}</span>{' '}
      <span className="change__words">
        {verdict === 'neutral' ? 'no change' : verdictWords(verdict)}, from {formatShare(previousShare)} in {previousLabel}
      </span>
    </p>
  );
}
