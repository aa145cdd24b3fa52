// Reads a row through a mapping: for each template field, where its value comes from (column, constant,
// template string, key-value columns) and the transforms on the way. The result is still all strings;
// types are applied when the body is encoded (encodeBody.ts), so nothing is lost before then.
import type { FieldSpec, Template } from '../connectors/types';
import { formulaError } from '../dataset/formulaErrors';
import { applyTransforms, type TransformStep } from './transforms';
import type { FieldSource, Mapping, MappingIssue, RowValues } from './types';

/** A resolved field: a string, or ordered key-value pairs for a `keyValue` field. */
export type FieldValue = string | readonly (readonly [string, string])[];

export interface ResolvedRow {
  /** Field key → value. A field is absent when unmapped or when its value is the empty string. */
  values: Map<string, FieldValue>;
  issues: MappingIssue[];
}

type Part = { lit: string } | { col: string };

/** Field types whose value is sent as the text itself (anything else is parsed: number, boolean, JSON). */
export const TEXT_TYPES: ReadonlySet<string> = new Set(['string', 'email', 'enum', 'date', 'language']);

const parsedTemplates = new Map<string, Part[] | { error: string }>();

/**
 * Parses `{first_name} {last_name}`. Placeholders are column names; `{{` and `}}` stand for literal braces.
 * Parsed once per distinct template string (bounded cache), so 100,000 rows cost one parse.
 */
export function parseTemplate(template: string): Part[] | { error: string } {
  const hit = parsedTemplates.get(template);
  if (hit) return hit;
  const parts: Part[] = [];
  let lit = '';
  let result: Part[] | { error: string } = parts;
  for (let i = 0; i < template.length; i++) {
    const c = template[i];
    if (c === '{' && template[i + 1] === '{') {
      lit += '{';
      i++;
    } else if (c === '}' && template[i + 1] === '}') {
      lit += '}';
      i++;
    } else if (c === '{') {
      const end = template.indexOf('}', i + 1);
      if (end < 0) {
        result = { error: `unclosed "{" at position ${i + 1}; write {{ for a literal brace` };
        break;
      }
      if (lit) parts.push({ lit });
      lit = '';
      parts.push({ col: template.slice(i + 1, end) });
      i = end;
    } else if (c === '}') {
      result = { error: `unmatched "}" at position ${i + 1}; write }} for a literal brace` };
      break;
    } else {
      lit += c;
    }
  }
  if (lit && Array.isArray(result)) parts.push({ lit });
  if (parsedTemplates.size > 1000) parsedTemplates.clear();
  parsedTemplates.set(template, result);
  return result;
}

/** Column names a template string refers to (for mapping-level checks before any row is read). */
export function templateColumns(template: string): string[] {
  const parsed = parseTemplate(template);
  return Array.isArray(parsed) ? parsed.flatMap((p) => ('col' in p ? [p.col] : [])) : [];
}

function cell(row: RowValues, column: string): string | undefined {
  return Object.hasOwn(row, column) ? row[column] : undefined;
}

// Led by the field's label, as a type error is ("Email: is required", fieldChecks.ts): a lookup's or a
// date's message names only the value, and the CLI's "Row 3: …" line shows nothing else.
const transformError =
  (field: Pick<FieldSpec, 'key' | 'label'>, issues: MappingIssue[]) => (message: string) =>
    issues.push({ field: field.key, level: 'error', message: `${field.label}: ${message}` });

/**
 * A formula error (#DIV/0!, #N/A…) read from `column` is not a value: the row is not sent. Unless the
 * mapping's transforms turned it into something else (a `map` of "#N/A" to ""): that is a choice made.
 */
function formulaErrorSent(
  field: Pick<FieldSpec, 'key' | 'label'>,
  issues: MappingIssue[],
  column: string,
  error: string,
  sent: string,
): boolean {
  if (!sent.toUpperCase().includes(error.toUpperCase())) return false;
  issues.push({
    field: field.key,
    level: 'error',
    message:
      `${field.label}: column "${column}" holds ${error}, a spreadsheet formula error, not a value. Fix the formula ` +
      '(or clear the cell) in the spreadsheet and import the file again.',
  });
  return true;
}

/** What the request panel is told while a source is resolved: the text before transforms, then each step. */
export interface SourceTracer {
  input(text: string): void;
  step: TransformStep;
}

/** Resolves one source against one row; issues are reported against `field`. */
export function resolveSource(
  field: Pick<FieldSpec, 'key' | 'label'>,
  source: FieldSource,
  row: RowValues,
  issues: MappingIssue[],
  tracer?: SourceTracer,
): FieldValue | undefined {
  switch (source.kind) {
    case 'none':
      return undefined;
    case 'constant':
      return source.value;
    case 'column': {
      const v = cell(row, source.column);
      if (v === undefined) {
        issues.push({
          field: field.key,
          level: 'error',
          message: `No column named "${source.column}" in this file`,
        });
        return undefined;
      }
      tracer?.input(v);
      const out = applyTransforms(v, source.transforms, transformError(field, issues), tracer?.step);
      const error = formulaError(v);
      return error && formulaErrorSent(field, issues, source.column, error, out) ? undefined : out;
    }
    case 'template': {
      const parsed = parseTemplate(source.template);
      if (!Array.isArray(parsed)) {
        issues.push({
          field: field.key,
          level: 'error',
          message: `Template "${source.template}": ${parsed.error}`,
        });
        return undefined;
      }
      let out = '';
      let error: { column: string; error: string } | null = null;
      for (const p of parsed) {
        if ('lit' in p) {
          out += p.lit;
          continue;
        }
        const v = cell(row, p.col);
        if (v === undefined) {
          issues.push({
            field: field.key,
            level: 'error',
            message: `Unknown placeholder {${p.col}}: no column named "${p.col}"`,
          });
          return undefined;
        }
        out += v;
        const found: string | null = error ? null : formulaError(v);
        if (found) error = { column: p.col, error: found };
      }
      tracer?.input(out);
      const sent = applyTransforms(out, source.transforms, transformError(field, issues), tracer?.step);
      return error && formulaErrorSent(field, issues, error.column, error.error, sent) ? undefined : sent;
    }
    case 'keyValue': {
      const pairs: (readonly [string, string])[] = [];
      const seen = new Set<string>();
      for (const e of source.entries) {
        if (seen.has(e.key)) {
          issues.push({ field: field.key, level: 'error', message: `Key "${e.key}" is set twice` });
          return undefined;
        }
        seen.add(e.key);
        const v = cell(row, e.column);
        if (v === undefined) {
          issues.push({
            field: field.key,
            level: 'error',
            message: `No column named "${e.column}" in this file (for key "${e.key}")`,
          });
          return undefined;
        }
        const error = formulaError(v);
        if (error && formulaErrorSent(field, issues, e.column, error, v)) return undefined;
        pairs.push([e.key, v]);
      }
      return pairs.length ? pairs : undefined;
    }
  }
}

/** The source of a field: what the mapping says, else the field's default column (manual templates). */
export function sourceOf(field: FieldSpec, mapping: Mapping): FieldSource | undefined {
  const s = Object.hasOwn(mapping.fields, field.key) ? mapping.fields[field.key] : undefined;
  if (s) return s;
  return field.defaultColumn !== undefined ? { kind: 'column', column: field.defaultColumn } : undefined;
}

export function applyMapping(template: Template, mapping: Mapping, row: RowValues): ResolvedRow {
  const values = new Map<string, FieldValue>();
  const issues: MappingIssue[] = [];
  const sendEmpty = mapping.sendEmpty ? (cell(row, mapping.sendEmpty.column) ?? '').split(' ') : null;
  for (const field of template.fields) {
    const source = sourceOf(field, mapping);
    if (!source) continue;
    let v = resolveSource(field, source, row, issues);
    if (typeof v === 'string' && v !== '' && !TEXT_TYPES.has(field.type) && v.trim() === '') {
      // A number, boolean or JSON value made of spaces has nothing to send: treat the cell as empty.
      issues.push({
        field: field.key,
        level: 'warning',
        message: `${field.label}: only whitespace, treated as empty`,
      });
      v = '';
    }
    if (v === undefined || (v === '' && !field.keepEmpty && !sendEmpty?.includes(field.key))) continue;
    values.set(field.key, v);
  }
  return { values, issues };
}
