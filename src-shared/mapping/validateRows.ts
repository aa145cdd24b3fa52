// File-level validation of a mapping in memory (the mapping bench; pure, no store): every row through
// buildRequest, plus what only the whole file shows — a row repeating an earlier row's key
// (../connectors/rowKeys.ts), the same rule the preflight and jobs apply (src-main/safety/preflight.ts).
import { rowKey } from '../connectors/rowKeys';
import type { Template } from '../connectors/types';
import { buildRequest } from './buildRequest';
import type { Mapping, MappingIssue, RowValues } from './types';
import { shortValue } from '../util/quoteValue';

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

export function validateRows(
  template: Template,
  mapping: Mapping,
  rows: Iterable<RowValues>,
  options: ValidateOptions = {},
): ValidationReport {
  const maxRows = options.maxRows ?? 10_000;
  const seen = new Map<string, number>();
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
    const { request, values, issues } = buildRequest(template, mapping, row);
    if (request) {
      const key = rowKey(template, values, request);
      const first = seen.get(key);
      if (first === undefined) seen.set(key, rowNumber);
      else issues.push({ field: 'key', level: 'error', message: `Same ${shortValue(key)} as row ${first}` });
    }
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
