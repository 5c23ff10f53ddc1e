import type { Grain } from '@canopy/shared/journey/periods.ts';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { createShareLink } from '../access/api.ts';
import { CopyButton } from '../access/CopyButton.tsx';
import { useSession } from '../access/useSession.ts';
import { PageHeader } from '../components/PageHeader.tsx';
import { errorMessage } from '../components/QueryState.tsx';
import { GRAIN_OPTIONS, parseSegmentPairs, segmentPairs } from '../router/view-state.ts';
import { DEFAULT_WALL, parseView, VIEW_KINDS, viewText, wallSearch, type RelativePeriod, type ViewKind, type WallConfig } from './config.ts';
import { WallScreen } from './WallScreen.tsx';

const VIEW_NAMES: Record<ViewKind, string> = { forest: 'Forest', trend: 'Trend', movement: 'Movement', features: 'Features' };
const pairsOf = (text: string) => parseSegmentPairs(text.split(',').map((s) => s.trim()).filter(Boolean));

/** /settings/wall (admins): builds a wall-screen address and its share link, with a live preview. */
export default function WallBuilderPage() {
  const { isAdmin } = useSession();
  const [config, setConfig] = useState<WallConfig>({ ...DEFAULT_WALL, views: [{ kind: 'forest' }, { kind: 'trend' }] });
  const [segmentText, setSegmentText] = useState('');
  const [extraViews, setExtraViews] = useState('');
  const [label, setLabel] = useState('Office wall screen');
  const [link, setLink] = useState<string | null>(null);
  const change = (next: Partial<WallConfig>) => (setConfig((c) => ({ ...c, ...next })), setLink(null));
  const create = useMutation({
    mutationFn: () => createShareLink({ label, segment: segmentPairs(config.segment), allowCustomerDetails: false, expiresAt: null }),
    onSuccess: (created) => setLink(`${window.location.origin}/wall?${wallSearch(config, created.token).toString()}`),
  });

  const plainKinds = new Set(config.views.filter((v) => !v.segment).map((v) => v.kind));
  const toggleKind = (kind: ViewKind, on: boolean) => {
    const segmentViews = config.views.filter((v) => v.segment);
    const kinds = VIEW_KINDS.filter((k) => (k === kind ? on : plainKinds.has(k)));
    change({ views: [...kinds.map((k) => ({ kind: k })), ...segmentViews] });
  };
  const setExtra = (text: string) => {
    setExtraViews(text);
    const parsed = text.split(',').map((s) => parseView(s.trim())).filter((v) => v?.segment !== undefined);
    change({ views: [...config.views.filter((v) => !v.segment), ...(parsed as WallConfig['views'])] });
  };
  const extraProblem = extraViews.split(',').map((s) => s.trim()).filter((s) => s && !parseView(s)?.segment);
  const preview = config.views.length > 0 ? config : { ...config, views: DEFAULT_WALL.views };
  const previewKey = wallSearch(preview).toString();
  const submit = (event: FormEvent) => (event.preventDefault(), create.mutate());

  if (!isAdmin) return <p className="notice">Only an admin can set up a wall screen. Ask one of your admins for a wall-screen link.</p>;
  return (
    <>
      <PageHeader title="Wall screen" subtitle="A forest view for a TV that runs for weeks with nobody touching it" />
      <section className="card" aria-labelledby="wall-views-title">
        <h2 id="wall-views-title">What it shows</h2>
        <fieldset className="wall-builder__views">
          <legend className="label">Views to rotate through</legend>
          {VIEW_KINDS.map((kind) => (
            <label key={kind} className="checkbox">
              <input type="checkbox" checked={plainKinds.has(kind)} onChange={(e) => toggleKind(kind, e.target.checked)} /> {VIEW_NAMES[kind]}
            </label>
          ))}
        </fieldset>
        <div className="form-row">
          <label className="grow"><span className="label">Extra views for one segment (optional, comma-separated)</span>
            <input type="text" placeholder="forest/plan:enterprise, trend/region:EU" value={extraViews} onChange={(e) => setExtra(e.target.value)} /></label>
          <label><span className="label">Segment of every view (optional)</span>
            <input type="text" placeholder="plan:pro, region:EU" value={segmentText} onChange={(e) => (setSegmentText(e.target.value), change({ segment: pairsOf(e.target.value) }))} /></label>
        </div>
        {extraProblem.length > 0 && <p className="notice notice--error">Not a view: {extraProblem.join(', ')}. Write a view, a slash and key:value pairs separated by semicolons, e.g. forest/plan:pro;region:EU.</p>}
        <div className="form-row">
          <label><span className="label">Period length</span>
            <select value={config.grain} onChange={(e) => change({ grain: e.target.value as Grain })}>
              {GRAIN_OPTIONS.map((g) => <option key={g} value={g}>{g}</option>)}
            </select></label>
          <label><span className="label">Which period</span>
            <select value={config.period} onChange={(e) => change({ period: e.target.value as RelativePeriod })}>
              <option value="current">the current one (moves on by itself)</option>
              <option value="previous">the last complete one</option>
            </select></label>
          <label><span className="label">Seconds per view</span>
            <input type="number" min={5} max={3600} value={config.rotateMs / 1000} onChange={(e) => change({ rotateMs: Math.max(5, Number(e.target.value) || 30) * 1000 })} /></label>
          <label><span className="label">Refresh every (seconds)</span>
            <input type="number" min={15} max={3600} value={config.refreshMs / 1000} onChange={(e) => change({ refreshMs: Math.max(15, Number(e.target.value) || 60) * 1000 })} /></label>
        </div>
        <div className="form-row">
          <label><span className="label">Theme</span>
            <select value={config.theme} onChange={(e) => change({ theme: e.target.value as WallConfig['theme'] })}>
              <option value="dark">dark</option>
              <option value="light">light</option>
            </select></label>
          <label><span className="label">Daily full reload at (optional)</span>
            <input type="time" value={config.reloadAt ?? ''} onChange={(e) => change({ reloadAt: e.target.value || undefined })} /></label>
        </div>
        <label className="checkbox"><input type="checkbox" checked={config.pixelShift} onChange={(e) => change({ pixelShift: e.target.checked })} />
          <span>Shift a few pixels every minute (screens that burn in)</span></label>
      </section>

      <section className="card" aria-labelledby="wall-preview-title">
        <h2 id="wall-preview-title">Preview</h2>
        <p className="hint">The wall itself, live, scaled to this page. On the TV every size grows with the screen.</p>
        <div className="wall-preview" data-testid="wall-preview">
          <WallScreen config={preview} configKey={previewKey} />
        </div>
      </section>

      <section className="card" aria-labelledby="wall-link-title">
        <h2 id="wall-link-title">Address for the TV</h2>
        <p className="hint">
          A wall needs no account: it opens with a read-only share link{config.segment && segmentPairs(config.segment).length > 0 ? ' limited to the segment above' : ''}.
          Revoke the link under Settings → Share links and the wall says it is no longer valid within one refresh.
        </p>
        <form className="form-row" onSubmit={submit} aria-label="Create the wall's share link">
          <label className="grow"><span className="label">Where the TV is</span>
            <input type="text" required maxLength={100} value={label} onChange={(e) => setLabel(e.target.value)} /></label>
          <button type="submit" className="button button--primary" disabled={create.isPending}>Create share link and address</button>
        </form>
        {create.error && <p className="notice notice--error" role="alert">{errorMessage(create.error)}</p>}
        {link && (
          <div className="notice notice--success" role="status">
            <p><strong>Open this address on the TV. Copy it now: the link is not shown again.</strong></p>
            <code className="secret" data-testid="wall-url">{link}</code> <CopyButton text={link} what="wall address" />{' '}
            <a href={link} target="_blank" rel="noreferrer">Open in a new tab</a>
          </div>
        )}
        <p className="hint">Views in the address: <code>{config.views.map(viewText).join(',') || 'forest'}</code></p>
      </section>
    </>
  );
}
