// One row's request with, for every field, where its value came from: the cell (or the template filled
// in), each transform with the value after it, and the lookup's answer — the Map screen's request panel.
// The request is buildRequest's, and each trace runs the same resolveSource the request was built with,
// so what the panel shows beside a field is what that field sends.
import type { FieldSpec, Template } from '../connectors/types';
import { resolveSource, sourceOf, type FieldValue } from './applyMapping';
import { buildRequest, effectiveTemplate, type Built } from './buildRequest';
import { describeTransform } from './describeTransform';
import type { FieldSource, Mapping, MappingIssue, RowValues } from './types';

export interface TraceStep {
  /** The transform in words ("date DD/MM/YYYY → YYYY-MM-DD", "look up Coursepath course title → id"). */
  transform: string;
  kind: string;
  /** The value after this transform. */
  value: string;
  /** Why this transform failed (the row is not sent), or null. */
  error: string | null;
}

export interface FieldTrace {
  key: string;
  label: string;
  location: FieldSpec['location'];
  /** The name on the wire: `{id}` in the path, a query name, `mail[subject]` in a form, `mail.subject` in JSON. */
  wireName: string;
  /** Where the value comes from, in words: `column "Course"`, `template "{First} {Last}"`, `the same value for every row`. */
  source: string;
  /** The cell (or the template filled in) before any transform; null for constants and key-value pairs. */
  input: string | null;
  steps: TraceStep[];
  /**
   * What this field sends (key-value pairs as JSON); null when it sends nothing (empty, or its value was
   * refused). When another field stops the row, this is what the field would send.
   */
  sent: string | null;
  /** Problems of this field in this row. */
  issues: MappingIssue[];
}

export interface ExplainedRow extends Built {
  fields: FieldTrace[];
}

export function wireName(field: FieldSpec, encoding: Template['bodyEncoding']): string {
  if (field.location === 'path') return `{${field.name}}`;
  if (field.location === 'query' || field.literalName || encoding !== 'form') return field.name;
  const [head, ...rest] = field.name.split('.');
  return head + rest.map((p) => `[${p}]`).join('');
}

function describeSource(source: FieldSource, field: FieldSpec, mapping: Mapping): string {
  switch (source.kind) {
    case 'column':
      return Object.hasOwn(mapping.fields, field.key)
        ? `column "${source.column}"`
        : `column "${source.column}" (its own)`;
    case 'template':
      return `template "${source.template}"`;
    case 'constant':
      return 'the same value for every row';
    case 'keyValue':
      return `key → column pairs (${source.entries.map((e) => `${e.key} ← "${e.column}"`).join(', ')})`;
    case 'none':
      return 'not sent';
  }
}

const sentText = (v: FieldValue | undefined): string | null =>
  v === undefined ? null : typeof v === 'string' ? v : JSON.stringify(Object.fromEntries(v));

export function explainRow(baseTemplate: Template, mapping: Mapping, row: RowValues): ExplainedRow {
  const built = buildRequest(baseTemplate, mapping, row);
  const template = effectiveTemplate(baseTemplate, mapping);
  const fields: FieldTrace[] = [];
  for (const field of template.fields) {
    const source = sourceOf(field, mapping);
    if (!source || source.kind === 'none') continue;
    let input: string | null = null;
    const steps: TraceStep[] = [];
    const scratch: MappingIssue[] = []; // the request's own issues are the ones reported
    const resolved = resolveSource(field, source, row, scratch, {
      input: (text) => (input = text),
      step: (t, value, error) => steps.push({ transform: describeTransform(t), kind: t.kind, value, error }),
    });
    if (source.kind === 'constant' && typeof resolved === 'string') input = null;
    const issues = built.issues.filter((i) => i.field === field.key);
    fields.push({
      key: field.key,
      label: field.label,
      location: field.location,
      wireName: wireName(field, template.bodyEncoding),
      source: describeSource(source, field, mapping),
      input,
      steps,
      // A field that failed sends nothing; the others show their value even when another field stops the row.
      sent: issues.some((i) => i.level === 'error') ? null : sentText(built.values.get(field.key)),
      issues,
    });
  }
  return { ...built, fields };
}
