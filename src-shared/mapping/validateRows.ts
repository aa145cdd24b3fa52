// File-level validation before a run: every row through the same mapping and field checks that
// buildRequest uses, plus what only the whole file shows (a unique field repeated). Rows with errors
// are left out of a run; the report says how many and why.
import type { FieldSpec, Template } from '../connectors/types';
import { applyMapping } from './applyMapping';
import { effectiveTemplate } from './buildRequest';
import { checkFields } from './fieldChecks';
import type { Mapping, MappingIssue, RowValues } from './types';

export interface RowIssues {
  /** 1-based data row number, in the order the rows were given. */
  rowNumber: number;
  issues: MappingIssue[];
}

export interface IssueSummary {
  field: string;
  level: 'error' | 'warning';
  /** Rows with this kind of issue. */
  count: number;
  /** The first message seen, e.g. `Email: "ann@" is not an email address`. */
  example: string;
  firstRow: number;
}

export interface ValidationReport {
  rowCount: number;
  /** Rows with at least one error: these are not sent. */
  errorRows: number;
  /** Rows with warnings only: sent. */
  warningRows: number;
  /** Rows with issues, in order, up to `maxRows` of them (the counts above are always complete). */
  rows: RowIssues[];
  truncated: boolean;
  /** Issues grouped by field and level, most frequent first: the "why" for the admin. */
  summary: IssueSummary[];
}

export interface ValidateOptions {
  /** Cap on `rows` kept in the report (default 10,000), so a 100,000-row bad file stays small. */
  maxRows?: number;
}

function uniqueKey(field: FieldSpec, value: string): string {
  // Emails are one mailbox whatever their case; other values compare exactly.
  return field.type === 'email' ? value.trim().toLowerCase() : value;
}

export function validateRows(
  baseTemplate: Template,
  mapping: Mapping,
  rows: Iterable<RowValues>,
  options: ValidateOptions = {},
): ValidationReport {
  const template = effectiveTemplate(baseTemplate, mapping);
  const maxRows = options.maxRows ?? 10_000;
  const uniqueFields = template.fields.filter((f) => f.unique);
  const seen = uniqueFields.map(() => new Map<string, number>());
  const summary = new Map<string, IssueSummary>();
  const report: ValidationReport = {
    rowCount: 0,
    errorRows: 0,
    warningRows: 0,
    rows: [],
    truncated: false,
    summary: [],
  };

  for (const row of rows) {
    const rowNumber = ++report.rowCount;
    const { values, issues } = applyMapping(template, mapping, row);
    for (const i of checkFields(template, values)) issues.push(i);
    uniqueFields.forEach((f, idx) => {
      const v = values.get(f.key);
      if (typeof v !== 'string') return;
      const key = uniqueKey(f, v);
      const first = seen[idx]!.get(key);
      if (first === undefined) seen[idx]!.set(key, rowNumber);
      else
        issues.push({
          field: f.key,
          level: 'error',
          message: `${f.label}: "${v}" already appears in row ${first}`,
        });
    });
    if (!issues.length) continue;

    const hasError = issues.some((i) => i.level === 'error');
    if (hasError) report.errorRows++;
    else report.warningRows++;
    if (report.rows.length < maxRows) report.rows.push({ rowNumber, issues });
    else report.truncated = true;
    const counted = new Set<string>();
    for (const i of issues) {
      const k = `${i.level}\u0000${i.field}`;
      if (counted.has(k)) continue;
      counted.add(k);
      const s = summary.get(k);
      if (s) s.count++;
      else
        summary.set(k, { field: i.field, level: i.level, count: 1, example: i.message, firstRow: rowNumber });
    }
  }
  report.summary = [...summary.values()].sort((a, b) =>
    a.level === b.level ? b.count - a.count : a.level === 'error' ? -1 : 1,
  );
  return report;
}
