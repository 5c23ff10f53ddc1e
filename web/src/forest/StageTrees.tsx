import type { Departments, Flag, LadderStage } from '@canopy/shared';
import { formatCount, formatSeconds, formatShare } from '../format/numbers.ts';
import { Link } from '../router/Link.tsx';
import { FlagNote } from './FlagNote.tsx';

interface StageTreesProps {
  /** The stage as the ladder defines it: its event types say which department's figures belong here. */
  ladderStage: LadderStage | undefined;
  rank: number;
  departments: Departments;
  previous: Departments;
  flags: Flag[];
  featuresHref: string;
}

const TOP_FEATURES = 3;

/**
 * The departments' own numbers beneath the stage their customers land on: product adoption
 * under the first stage, and help, chatbot and support under whichever stage takes
 * help_viewed, chatbot_conversation and phone_call in this deployment's ladder.
 */
export function StageTrees({ ladderStage, rank, departments, previous, flags, featuresHref }: StageTreesProps) {
  const types = ladderStage?.eventTypes ?? [];
  const { product, help, chatbot, support } = departments;
  const top = [...product.features].sort((a, b) => (b.adoption ?? 0) - (a.adoption ?? 0)).slice(0, TOP_FEATURES);
  return (
    <>
      {rank === 1 && (
        <section className="tree" aria-label="Product">
          <h4>Product · top features</h4>
          {top.length === 0 ? (
            <p className="hint">No feature use this period.</p>
          ) : (
            <ul className="tree__list">
              {top.map((f) => (
                <li key={f.feature}>
                  <span>{f.feature}</span> <span className="num">{formatShare(f.adoption)}</span>
                </li>
              ))}
            </ul>
          )}
          <Link to={featuresHref} className="no-print">
            All features
          </Link>
        </section>
      )}
      {types.includes('help_viewed') && (
        <section className="tree" aria-label="Help">
          <h4>Help</h4>
          <p>
            <span className="num" data-testid="help-views">{formatCount(help.views)}</span> views by {formatCount(help.viewers)} customers
          </p>
          <p className="hint">Before: {formatCount(previous.help.views)} views, {formatCount(previous.help.viewers)} customers</p>
        </section>
      )}
      {types.includes('chatbot_conversation') && (
        <section className="tree" aria-label="Chatbot">
          <h4>Chatbot</h4>
          <p>
            Containment <span className="num" data-testid="containment">{formatShare(chatbot.containment)}</span> of {formatCount(chatbot.conversations)} conversations
          </p>
          <p className="hint">Before: {formatShare(previous.chatbot.containment)}</p>
        </section>
      )}
      {types.includes('phone_call') && (
        <section className="tree" aria-label="Support">
          <h4>Support · hold time</h4>
          <p>
            Mean <span className="num" data-testid="hold-mean">{formatSeconds(support.holdSeconds.mean)}</span>, median {formatSeconds(support.holdSeconds.median)}, 90th percentile{' '}
            {formatSeconds(support.holdSeconds.p90)}
          </p>
          <p className="hint">
            {formatCount(support.calls)} calls from {formatCount(support.callers)} customers; mean before {formatSeconds(previous.support.holdSeconds.mean)}
          </p>
        </section>
      )}
      <FlagNote flags={flags} />
    </>
  );
}
