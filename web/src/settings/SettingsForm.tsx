import type { Settings } from '@canopy/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ApiError } from '../api/client.ts';
import { saveSettings } from '../api/settings.ts';
import { errorMessage } from '../components/QueryState.tsx';
import { LadderEditor } from './LadderEditor.tsx';
import { UnitCostsEditor } from './UnitCostsEditor.tsx';

const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];

/** Edits a copy of the settings and saves it whole; the server's reasons are shown when it refuses. */
export function SettingsForm({ initial }: { initial: Settings }) {
  const client = useQueryClient();
  const [draft, setDraft] = useState<Settings>(initial);
  const save = useMutation({
    mutationFn: saveSettings,
    onSuccess: (saved) => {
      setDraft(saved);
      client.setQueryData(['settings'], saved);
      void client.invalidateQueries();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(draft);
  };
  const reasons = save.error instanceof ApiError ? save.error.reasons : [];
  return (
    <form onSubmit={submit} aria-label="Journey settings">
      <section className="card" id="ladder" aria-labelledby="ladder-title">
        <h2 id="ladder-title">Ladder</h2>
        <p className="hint">Stages from least effort (left) to most. A customer lands on the right-most stage any of their events of the period lands on.</p>
        <LadderEditor ladder={draft.ladder} onChange={(ladder) => setDraft({ ...draft, ladder })} />
      </section>
      <section className="card" aria-labelledby="costs-title">
        <h2 id="costs-title">Unit costs</h2>
        <UnitCostsEditor costs={draft.unitCosts} ladder={draft.ladder} onChange={(unitCosts) => setDraft({ ...draft, unitCosts })} />
      </section>
      <section className="card" aria-labelledby="periods-title">
        <h2 id="periods-title">Churn, sample and time zone</h2>
        <div className="form-row">
          <label>
            <span className="label">Churn window (days)</span>
            <input type="number" min={1} max={366} value={draft.churnWindowDays} onChange={(e) => setDraft({ ...draft, churnWindowDays: Number(e.target.value) })} />
          </label>
          <label>
            <span className="label">Minimum NPS sample</span>
            <input type="number" min={1} value={draft.minNpsSample} onChange={(e) => setDraft({ ...draft, minNpsSample: Number(e.target.value) })} />
          </label>
          <label>
            <span className="label">Time zone (empty: the deployment default)</span>
            <input list="zones" value={draft.timezone ?? ''} placeholder="e.g. Europe/Berlin" onChange={(e) => setDraft({ ...draft, timezone: e.target.value.trim() || null })} />
            <datalist id="zones">
              {zones.map((z) => (
                <option key={z} value={z} />
              ))}
            </datalist>
          </label>
        </div>
      </section>
      <div className="save-bar" aria-live="polite">
        <button type="submit" className="button button--primary" disabled={save.isPending}>
          {save.isPending ? 'Saving… (a time-zone change re-cuts every period)' : 'Save settings'}
        </button>
        <button type="button" className="button button--quiet" onClick={() => (setDraft(initial), save.reset())}>
          Undo changes
        </button>
        {save.isSuccess && <p className="notice notice--success">Saved. Every figure now follows the new settings.</p>}
        {save.error && (
          <div className="notice notice--error" role="alert" data-testid="settings-error">
            <p>{errorMessage(save.error)}</p>
            {reasons.length > 1 && (
              <ul>
                {reasons.map((r) => (
                  <li key={r}>{r}</li>
                ))}
              </ul>
            )}
          </div>
        )}
      </div>
    </form>
  );
}
