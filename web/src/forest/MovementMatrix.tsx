import type { MovementResponse } from '@canopy/shared';
import { download, fileName, toCsv } from '../export/csv.ts';
import { formatCount } from '../format/numbers.ts';

/** The movement matrix: rows are last period's stage, columns this period's; cells left of the diagonal moved left. */
export function MovementMatrix({ movement }: { movement: MovementResponse }) {
  const { stages, matrix } = movement;
  const caption = `Customers by stage in ${movement.previousPeriod.label} (rows) and ${movement.period.label} (columns)`;
  const cell = (from: string, to: string) => matrix[from]?.[to] ?? 0;
  const exportCsv = () =>
    download(
      fileName(`movement ${movement.period.label}`),
      toCsv(
        ['From \\ to', ...stages.map((s) => s.label)],
        stages.map((from) => [from.label, ...stages.map((to) => cell(from.key, to.key))]),
      ),
    );
  return (
    <div className="data-table">
      <div className="data-table__scroll" tabIndex={0} role="region" aria-label={caption}>
        <table className="matrix" data-testid="movement-matrix">
          <caption>{caption}</caption>
          <thead>
            <tr>
              <td />
              {stages.map((to) => (
                <th key={to.key} scope="col">
                  {to.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {stages.map((from) => (
              <tr key={from.key}>
                <th scope="row">{from.label}</th>
                {stages.map((to) => {
                  const kind = to.rank < from.rank ? 'left' : to.rank > from.rank ? 'right' : 'stayed';
                  return (
                    <td key={to.key} className={`num matrix__${kind}`} data-from={from.key} data-to={to.key}>
                      {formatCount(cell(from.key, to.key))}
                      <span className="visually-hidden"> ({kind === 'stayed' ? 'stayed' : `moved ${kind}`})</span>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="hint">Green cells (below the diagonal) moved left, to less effort; red cells (above it) moved right.</p>
      <button type="button" className="button button--small no-print" onClick={exportCsv}>
        Download CSV<span className="visually-hidden">: movement matrix</span>
      </button>
    </div>
  );
}
