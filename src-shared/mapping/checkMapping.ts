// Checks on the mapping itself, before any row is read: required fields left unmapped, columns or
// placeholders that are not in the file, constants that can never be valid. One message here saves
// the same error on every row.
import type { Template } from '../connectors/types';
import { sourceOf, templateColumns } from './applyMapping';
import { checkDatePattern } from './dateFormat';
import { checkValue } from './fieldChecks';
import { compileRegex } from './transforms';
import type { FieldSource, Mapping, MappingIssue } from './types';

/** Every column a source reads. */
export function sourceColumns(source: FieldSource): string[] {
  switch (source.kind) {
    case 'column':
      return [source.column];
    case 'template':
      return templateColumns(source.template);
    case 'keyValue':
      return source.entries.map((e) => e.column);
    case 'constant':
    case 'none':
      return [];
  }
}

/** Transforms that can never work, whatever the row (a regular expression that does not compile). */
export function checkTransforms(label: string, source: FieldSource): string[] {
  if (source.kind !== 'column' && source.kind !== 'template') return [];
  const out: string[] = [];
  for (const t of source.transforms ?? []) {
    if (t.kind === 'regexReplace') {
      const re = compileRegex(t.pattern, t.flags);
      if (!(re instanceof RegExp)) out.push(`${label}: ${re.error}`);
    } else if (t.kind === 'dateFormat') {
      const problem = checkDatePattern(t.from, 'from') ?? checkDatePattern(t.to, 'to');
      if (problem) out.push(`${label}: date format: ${problem}`);
    }
  }
  return out;
}

export function checkMapping(
  template: Template,
  mapping: Mapping,
  columns: readonly string[],
): MappingIssue[] {
  const issues: MappingIssue[] = [];
  const cols = new Set(columns);
  const json = (mapping.bodyEncoding ?? template.bodyEncoding) === 'json' && template.bodyEncoding !== 'none';
  for (const field of template.fields) {
    const source = sourceOf(field, mapping);
    const label = field.label;
    if (!source || source.kind === 'none') {
      if (field.required)
        issues.push({ field: field.key, level: 'error', message: `${label}: is required but not mapped` });
      continue;
    }
    if (source.kind === 'template') {
      for (const c of templateColumns(source.template))
        if (!cols.has(c))
          issues.push({
            field: field.key,
            level: 'error',
            message: `Unknown placeholder {${c}}: no column named "${c}"`,
          });
    } else {
      for (const c of sourceColumns(source))
        if (!cols.has(c))
          issues.push({
            field: field.key,
            level: 'error',
            message: `${label}: no column named "${c}" in this file`,
          });
    }
    for (const message of checkTransforms(label, source)) issues.push({ field: field.key, level: 'error', message });
    if (source.kind === 'keyValue' && field.type !== 'keyValue')
      issues.push({
        field: field.key,
        level: 'error',
        message: `${label}: key-value pairs only fit a metadata field`,
      });
    if (source.kind === 'constant' && source.value !== '')
      issues.push(...checkValue(field, source.value, json));
    if (source.kind === 'constant' && source.value === '' && field.required)
      issues.push({
        field: field.key,
        level: 'error',
        message: `${label}: is required but the constant is empty`,
      });
  }
  const known = new Set(template.fields.map((f) => f.key));
  for (const key of Object.keys(mapping.fields))
    if (!known.has(key))
      issues.push({
        field: key,
        level: 'warning',
        message: `"${key}" is not a field of ${template.name}; it is ignored`,
      });
  return issues;
}
