// Mapping speed: validate and build every request of a 100,000-row file. A figure to print, not a
// timed test (timings on shared CI machines make flaky tests; the correctness checks live in test/unit).
import { getTemplate } from '../src-shared/connectors/catalog';
import { autoMatch } from '../src-shared/mapping/autoMatch';
import { buildRequest } from '../src-shared/mapping/buildRequest';
import { validateRows } from '../src-shared/mapping/validateRows';

export function benchMapping(n = 100_000): { rows: number; validateMs: number; buildMs: number; errorRows: number } {
  const t = getTemplate('coursepath.members.create')!;
  const columns = ['Email', 'First name', 'Last name', 'Company', 'Employee ID'];
  const mapping = autoMatch(t, columns);
  const rows = Array.from({ length: n }, (_, i) => ({
    Email: i % 1000 === 0 ? 'broken' : `user${i}@example.com`,
    'First name': `First${i}`,
    'Last name': 'Lée',
    Company: 'Acme, Inc.',
    'Employee ID': String(i).padStart(8, '0'),
  }));
  let t0 = performance.now();
  const report = validateRows(t, mapping, rows);
  const validateMs = performance.now() - t0;
  t0 = performance.now();
  for (const r of rows) buildRequest(t, mapping, r);
  const buildMs = performance.now() - t0;
  return { rows: n, validateMs: Math.round(validateMs), buildMs: Math.round(buildMs), errorRows: report.errorRows };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = benchMapping();
  console.log(`${r.rows.toLocaleString()} rows: validateRows ${r.validateMs} ms, buildRequest ${r.buildMs} ms (${r.errorRows} rows with errors)`);
}
