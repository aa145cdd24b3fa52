// The cells that say what a row acts on — the columns mapped to the template's row-key fields
// (src-shared/connectors/rowKeys.ts: the email of a member to create, a course id and a member id…) or,
// for a template without one, to its path fields — so an admin can look a row in doubt up in the LMS.
// Falls back to the required fields when a template has neither.
import { rowKeySpec } from '../../src-shared/connectors/rowKeys';
import type { JobRecord } from '../db/jobs';
import { jobTemplate } from './jobTemplates';

const MAX_KEY_CELLS = 4;

/** A function from a row's cells to its key cells (column → value), for one job. */
export function keyCellsOf(
  job: JobRecord,
  columns: readonly string[],
): (cells: readonly string[]) => Record<string, string> {
  const template = jobTemplate(job, columns);
  const fields = template?.fields ?? [];
  const spec = template ? rowKeySpec(template) : null;
  const keyFields = spec
    ? fields.filter((f) => spec.fields.some(([k]) => k === f.key))
    : fields.filter((f) => f.location === 'path');
  const chosen = keyFields.length ? keyFields : fields.filter((f) => f.required);
  const keyColumns: string[] = [];
  for (const f of chosen) {
    const src = job.mapping.fields[f.key] ?? (f.defaultColumn ? { kind: 'column', column: f.defaultColumn } : undefined);
    if (src?.kind === 'column' && !keyColumns.includes(src.column)) keyColumns.push(src.column);
  }
  const at = keyColumns
    .slice(0, MAX_KEY_CELLS)
    .map((c) => [c, columns.indexOf(c)] as const)
    .filter(([, i]) => i >= 0);
  return (cells) => Object.fromEntries(at.map(([c, i]) => [c, cells[i] ?? '']));
}
