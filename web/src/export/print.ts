// Printing shows the tables folded into <details> too: they open for the printout and
// fold back afterwards.

let opened: HTMLDetailsElement[] = [];

/** Opens every table before printing and restores them after. */
export function installPrintHandlers(): void {
  window.addEventListener('beforeprint', () => {
    opened = [...document.querySelectorAll<HTMLDetailsElement>('details.table-details:not([open])')];
    for (const details of opened) details.open = true;
  });
  window.addEventListener('afterprint', () => {
    for (const details of opened) details.open = false;
    opened = [];
  });
}
