// Saved mappings (presets): a mapping the admin confirmed, reused on the next file of the same shape.
// Pure helpers only; storing presets is main's business.
import type { Template } from '../connectors/types';
import { sourceColumns } from './checkMapping';
import { normalizeHeader } from './normalizeHeader';
import type { FieldSource, Mapping } from './types';

export interface MappingPreset {
  name: string;
  templateId: string;
  mapping: Mapping;
}

/** Every column a mapping reads (fields, template placeholders, metadata entries, manual URL settings). */
export function mappingColumns(mapping: Mapping): string[] {
  const out = new Set<string>();
  for (const s of Object.values(mapping.fields)) for (const c of sourceColumns(s)) out.add(c);
  const m = mapping.manual;
  if (m) {
    for (const match of m.url.matchAll(/\{([^{}]+)\}/g)) out.add(match[1] as string);
    if (m.batch?.grouping.kind === 'byColumn') out.add(m.batch.grouping.column);
  }
  return [...out];
}

function resolver(columns: readonly string[]): (c: string) => string | undefined {
  const exact = new Set(columns);
  const byNorm = new Map<string, string>();
  for (const c of columns) if (!byNorm.has(normalizeHeader(c))) byNorm.set(normalizeHeader(c), c);
  return (c) => (exact.has(c) ? c : byNorm.get(normalizeHeader(c)));
}

/** Columns the preset reads that this file lacks (headers that differ only in case or punctuation count as present). */
export function presetMissingColumns(
  preset: Pick<MappingPreset, 'mapping'>,
  columns: readonly string[],
): string[] {
  const find = resolver(columns);
  return mappingColumns(preset.mapping).filter((c) => find(c) === undefined);
}

/** Same shape: every column the preset reads is in the file. */
export function presetFitsColumns(
  preset: Pick<MappingPreset, 'mapping'>,
  columns: readonly string[],
): boolean {
  return presetMissingColumns(preset, columns).length === 0;
}

function renameSource(s: FieldSource, find: (c: string) => string | undefined): FieldSource {
  const to = (c: string) => find(c) ?? c;
  switch (s.kind) {
    case 'column':
      return { ...s, column: to(s.column) };
    case 'keyValue':
      return { ...s, entries: s.entries.map((e) => ({ ...e, column: to(e.column) })) };
    case 'template':
      return {
        ...s,
        template: s.template.replace(/(\{\{)|(\}\})|\{([^{}]*)\}/g, (m, _a, _b, col: string | undefined) =>
          col === undefined ? m : `{${to(col)}}`,
        ),
      };
    default:
      return s;
  }
}

/** The preset's mapping with its column names spelled as in this file ("E-mail" → "email"). */
export function adaptPreset(preset: Pick<MappingPreset, 'mapping'>, columns: readonly string[]): Mapping {
  const find = resolver(columns);
  const fields: Record<string, FieldSource> = {};
  for (const [k, s] of Object.entries(preset.mapping.fields)) fields[k] = renameSource(s, find);
  return preset.mapping.manual ? { fields, manual: preset.mapping.manual } : { fields };
}

/** What to remember from a confirmed mapping for autoMatch next time: header → field key. */
export function rememberChoices(template: Template, mapping: Mapping): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of template.fields) {
    const s = mapping.fields[f.key];
    if (s?.kind === 'column') out[s.column] = f.key;
  }
  return out;
}
