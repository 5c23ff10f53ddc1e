import type { ForestResponse } from '@canopy/shared';
import { useEffect, useRef, useState, useSyncExternalStore, type CSSProperties } from 'react';
import { shareToken } from '../access/share-token.ts';
import { dayInZone } from '../format/numbers.ts';
import { segmentPairs } from '../router/view-state.ts';
import { segmentOfView, type WallConfig, type WallView } from './config.ts';
import { INITIAL_WALL_STATE, segmentKey, WallFeed, type WallSnapshot, type WallState } from './feed.ts';
import { clockTime, isReloadTime } from './period.ts';
import { FeaturesWall, ForestWall, MovementWall, TrendWall } from './WallViews.tsx';
import './wall.css';

const TITLES = { forest: 'The forest', trend: 'Trend', movement: 'Movement', features: 'Features' } as const;
const noFeed = { subscribe: () => () => undefined, getState: () => INITIAL_WALL_STATE };

/** The refresh loop for `config`, started while mounted; a new config starts a new loop. */
function useWallFeed(config: WallConfig, configKey: string): WallState {
  const [feed, setFeed] = useState<WallFeed | undefined>();
  useEffect(() => {
    const next = new WallFeed(config);
    setFeed(next);
    next.start();
    return () => next.stop();
    // configKey stands for config: the same URL is the same wall.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [configKey]);
  const source = feed ?? noFeed;
  return useSyncExternalStore(source.subscribe, source.getState, source.getState);
}

/** Which view is on screen: the next one every `rotateMs`. */
function useRotation(count: number, rotateMs: number): number {
  const [index, setIndex] = useState(0);
  useEffect(() => {
    if (count <= 1) return;
    const timer = setInterval(() => setIndex((i) => (i + 1) % count), rotateMs);
    return () => clearInterval(timer);
  }, [count, rotateMs]);
  return index % Math.max(count, 1);
}

/** The optional daily full reload, a safety net for weeks of running: at `reloadAt` in the deployment zone. */
function useDailyReload(reloadAt: string | undefined, timezone: string | undefined): void {
  const zone = useRef(timezone);
  zone.current = timezone;
  useEffect(() => {
    if (!reloadAt) return;
    const timer = setInterval(() => {
      if (zone.current && isReloadTime(reloadAt, new Date(), zone.current, performance.now())) window.location.reload();
    }, 20_000);
    return () => clearInterval(timer);
  }, [reloadAt]);
}

function asOfText(forest: ForestResponse, timezone: string, now: Date): string {
  if (!forest.dataAsOf) return 'no data received yet';
  const sameDay = dayInZone(forest.dataAsOf, timezone) === dayInZone(now, timezone);
  const day = sameDay ? '' : `${new Intl.DateTimeFormat('en-GB', { timeZone: timezone, day: 'numeric', month: 'short' }).format(new Date(forest.dataAsOf))} `;
  return `data as of ${day}${clockTime(forest.dataAsOf, timezone)}`;
}

/** The segment the figures are for, as the API says (a share link's own segment included). */
function segmentText(segment: ForestResponse['segment']): string {
  const pairs = segmentPairs(segment);
  return pairs.length === 0 ? 'All customers' : pairs.join(', ');
}

function ViewBody({ view, snapshot, config }: { view: WallView; snapshot: WallSnapshot; config: WallConfig }) {
  const key = segmentKey(segmentOfView(view, config));
  const forest = snapshot.forests[key];
  if (view.kind === 'trend' && snapshot.trends[key]) return <TrendWall trend={snapshot.trends[key]} />;
  if (view.kind === 'movement' && snapshot.movements[key]) return <MovementWall movement={snapshot.movements[key]} />;
  if (view.kind === 'features' && forest) return <FeaturesWall forest={forest} />;
  if (forest) return <ForestWall forest={forest} />;
  return null;
}

/** A full-screen message instead of figures: a refused link, or no figures yet. */
function WallMessage({ title, detail, testId }: { title: string; detail?: string; testId: string }) {
  return (
    <div className="wall-message" data-testid={testId} role="alert">
      <p className="wall-message__title">{title}</p>
      {detail && <p className="wall-message__detail">{detail}</p>}
    </div>
  );
}

interface WallScreenProps {
  config: WallConfig;
  /** The URL form of config: a changed key restarts the refresh loop. */
  configKey: string;
  /** Offset of the anti-burn-in shift, in px. */
  shift?: { x: number; y: number };
  /** Whether config.reloadAt reloads the page (not in the builder's preview). */
  reloads?: boolean;
}

/**
 * A wall: the headline share of the view on screen, "data as of", the rotating view, and a
 * stale mark while the server cannot be reached. Sized by its container (container query
 * units), so the builder's preview is the same component, smaller.
 */
export function WallScreen({ config, configKey, shift, reloads = false }: WallScreenProps) {
  const state = useWallFeed(config, configKey);
  useDailyReload(reloads ? config.reloadAt : undefined, state.snapshot?.timezone);
  const index = useRotation(config.views.length, config.rotateMs);
  const style = { '--wall-shift-x': `${shift?.x ?? 0}px`, '--wall-shift-y': `${shift?.y ?? 0}px` } as CSSProperties;
  return (
    <div className="wall" data-theme={config.theme} style={style} data-testid="wall">
      <div className="wall__frame">{body(state, config, index)}</div>
    </div>
  );
}

function body(state: WallState, config: WallConfig, index: number) {
  if (state.refused) {
    if (state.refused.status === 401 && !shareToken())
      return <WallMessage testId="wall-refused" title="This wall screen needs a share link" detail="Make one on Settings → Wall screen and open that address on the TV." />;
    if (state.refused.status === 401)
      return <WallMessage testId="wall-invalid" title="This link is no longer valid" detail="It was revoked or has expired. Ask a Canopy admin for a new wall-screen link." />;
    return <WallMessage testId="wall-refused" title="This link cannot show this wall" detail={state.refused.message} />;
  }
  const { snapshot } = state;
  if (!snapshot) {
    return state.failures > 0
      ? <WallMessage testId="wall-connecting" title="Cannot reach Canopy yet" detail={`${state.problem ?? ''} Retrying by itself.`} />
      : <WallMessage testId="wall-loading" title="Loading the forest…" />;
  }
  const view = config.views[index]!;
  const forest = snapshot.forests[segmentKey(segmentOfView(view, config))] ?? snapshot.forests[segmentKey(config.segment)]!;
  const last = forest.stages[forest.stages.length - 1];
  const now = new Date();
  return (
    <>
      <header className="wall__head">
        <p className="wall__headline-share" data-testid="wall-headline-share">{last?.sharePercent == null ? '\u2014' : `${last.sharePercent.toFixed(1)}%`}</p>
        <p className="wall__headline" data-testid="wall-headline">{forest.headline}</p>
        <div className="wall__status">
          <p className="wall__period" data-testid="wall-period">{forest.period.label}</p>
          <p className="wall__asof" data-testid="wall-data-as-of">{asOfText(forest, snapshot.timezone, now)}</p>
          {state.staleSince !== undefined ? (
            <p className="wall__stale" data-testid="wall-stale" role="status">
              <span aria-hidden="true">⚠</span> Stale since {clockTime(new Date(state.staleSince), snapshot.timezone)}
              <span className="wall__stale-why"> {state.problem} Retrying.</span>
            </p>
          ) : (
            <p className="wall__live" data-testid="wall-live">{forest.refreshing ? '● updating' : '● live'}</p>
          )}
        </div>
      </header>
      <main className="wall__view">
        <ViewBody view={view} snapshot={snapshot} config={config} />
      </main>
      <footer className="wall__foot">
        <p data-testid="wall-view-title">{TITLES[view.kind]} · {segmentText(forest.segment)}</p>
        {config.views.length > 1 && (
          <p className="wall__dots" aria-label={`view ${index + 1} of ${config.views.length}`}>
            {config.views.map((_, i) => <span key={i} className={i === index ? 'is-on' : ''} />)}
          </p>
        )}
      </footer>
    </>
  );
}
