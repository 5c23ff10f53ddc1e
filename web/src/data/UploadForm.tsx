import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { uploadFile, type ImportReport, type UploadProgress } from '../api/imports.ts';
import { errorMessage } from '../components/QueryState.tsx';
import { formatCount } from '../format/numbers.ts';
import { ImportReportView } from './ImportReportView.tsx';

type Phase = { step: 'idle' } | { step: 'sending'; progress: UploadProgress } | { step: 'done'; report: ImportReport } | { step: 'failed'; error: Error };

/** Upload a CSV or JSON Lines file of customers or events, with progress and the import report. */
export function UploadForm() {
  const client = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [kind, setKind] = useState<'' | 'customers' | 'events'>('');
  const [phase, setPhase] = useState<Phase>({ step: 'idle' });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!file) return;
    setPhase({ step: 'sending', progress: { sent: 0, total: file.size } });
    try {
      const report = await uploadFile(file, kind || undefined, (progress) => setPhase({ step: 'sending', progress }));
      setPhase({ step: 'done', report });
      // New data changes every figure.
      void client.invalidateQueries();
    } catch (error) {
      setPhase({ step: 'failed', error: error as Error });
    }
  };
  const sending = phase.step === 'sending';
  const uploaded = sending && phase.progress.sent >= phase.progress.total;
  return (
    <section className="card" aria-labelledby="upload-title">
      <h2 id="upload-title">Upload a file</h2>
      <p className="hint">
        CSV with a header row, or JSON Lines (one object per line), of customers or events: the same fields as the API. Each line is judged on its own;
        good lines are stored and bad ones listed with their reasons. Sending a file again is safe: events already stored count as duplicates.
      </p>
      <form className="form-row" onSubmit={(e) => void submit(e)}>
        <label>
          <span className="label">File (.csv, .jsonl, .ndjson)</span>
          <input type="file" accept=".csv,.jsonl,.ndjson,.json,text/csv,application/x-ndjson" required onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        </label>
        <label>
          <span className="label">It holds</span>
          <select value={kind} onChange={(e) => setKind(e.target.value as typeof kind)}>
            <option value="">Detect from the columns</option>
            <option value="events">Events</option>
            <option value="customers">Customers</option>
          </select>
        </label>
        <button type="submit" className="button button--primary" disabled={!file || sending}>
          {sending ? 'Uploading…' : 'Upload'}
        </button>
      </form>
      <div aria-live="polite">
        {sending && (
          <p className="upload-progress">
            <progress max={phase.progress.total || 1} value={uploaded ? undefined : phase.progress.sent} aria-label="Upload progress" />{' '}
            {uploaded ? 'Importing… each line is being checked and stored.' : `Sent ${formatCount(Math.round(phase.progress.sent / 1024))} of ${formatCount(Math.round(phase.progress.total / 1024))} KB`}
          </p>
        )}
        {phase.step === 'failed' && (
          <div className="notice notice--error" role="alert">
            <p>
              <strong>The file was not imported.</strong> {errorMessage(phase.error)}
            </p>
          </div>
        )}
        {phase.step === 'done' && <ImportReportView report={phase.report} />}
      </div>
    </section>
  );
}
