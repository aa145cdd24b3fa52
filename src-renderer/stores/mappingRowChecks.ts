// Row checks: the mapping's requests built for the file's rows by `requests.preview` — the same code the
// runner sends with — counting rows with errors and warnings and keeping the first problems to show.
import { call } from '../api/client';
import { datasetsSelectors, useDatasetsStore } from './datasetsStore';
import { currentSpec, emptyCheck, set, type RowCheck } from './mappingState';

/** Rows checked automatically after each edit; "Check every row" goes through the whole file. */
const AUTO_CHECK_ROWS = 5_000;
const CHECK_CHUNK = 1_000;
/** Problem rows kept for display; beyond this only the count grows. */
const MAX_PROBLEMS_KEPT = 500;

let checkSeq = 0;
let checkTimer: ReturnType<typeof setTimeout> | null = null;

export function scheduleCheck(): void {
  if (checkTimer) clearTimeout(checkTimer);
  checkTimer = setTimeout(() => void checkRows(AUTO_CHECK_ROWS), 350);
}

/** Builds the requests for up to `maxRows` rows and counts those with problems. */
export async function checkRows(maxRows = Number.POSITIVE_INFINITY): Promise<void> {
  const spec = currentSpec();
  const ds = datasetsSelectors.current(useDatasetsStore.getState());
  const seq = ++checkSeq;
  // A file still streaming in is checked once it is whole (the subscription below re-runs the check).
  if (!spec || !ds || ds.state !== 'ready') return set({ check: emptyCheck });
  const total = Math.min(ds.rowCount, maxRows);
  let acc: RowCheck = { ...emptyCheck, running: true };
  set({ check: acc });
  for (let offset = 0; offset < total; offset += CHECK_CHUNK) {
    const r = await call('requests.preview', {
      ...spec,
      offset,
      limit: Math.min(CHECK_CHUNK, total - offset),
    });
    if (seq !== checkSeq) return;
    if (!r.ok) return set({ check: { ...acc, running: false, error: r.error } });
    let errorRows = acc.errorRows;
    let warningRows = acc.warningRows;
    const problems = [...acc.problems];
    for (const p of r.value) {
      const hasError = p.issues.some((i) => i.level === 'error');
      if (hasError) errorRows++;
      else if (p.issues.length > 0) warningRows++;
      if (p.issues.length > 0 && problems.length < MAX_PROBLEMS_KEPT) problems.push(p);
    }
    acc = { ...acc, checked: acc.checked + r.value.length, errorRows, warningRows, problems };
    set({ check: acc });
    if (r.value.length === 0) break;
  }
  set({ check: { ...acc, running: false } });
}
