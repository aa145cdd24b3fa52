// Proposes a mapping for a new file: each template field gets the column whose header matches it best.
// Order of preference: what the admin chose for that header last time (`remembered`), then the field's
// key, label or wire name, then its synonyms. A column is used for one field at most. Two extras:
// a `name` field with no name column but first/last name columns gets the template "{First} {Last}"
// (even when those columns also fill first/last name fields),
// and a key-value field (metadata) collects columns named `metadata.<key>` (or `meta_<key>` …). An email
// field's column is trimmed.
import type { FieldSpec, Template } from '../connectors/types';
import { normalizeHeader } from './normalizeHeader';
import type { FieldSource, Mapping } from './types';

const FIRST_NAME = [
  'first name',
  'firstname',
  'given name',
  'forename',
  'first',
  'voornaam',
  'prénom',
  'vorname',
].map(normalizeHeader);
const LAST_NAME = [
  'last name',
  'lastname',
  'surname',
  'family name',
  'last',
  'achternaam',
  'nom',
  'nachname',
].map(normalizeHeader);

function exactNames(f: FieldSpec): string[] {
  const last = f.name.split('.').pop() ?? f.name;
  // The label first: it is the most specific ("Group name" before a bare "name").
  return [f.label, f.key, f.name, last].map(normalizeHeader);
}

function synonymNames(f: FieldSpec): string[] {
  return (f.synonyms ?? []).map(normalizeHeader);
}

function keyValueEntries(
  f: FieldSpec,
  columns: readonly string[],
  used: Set<string>,
): FieldSource | undefined {
  const prefixes = new Set([normalizeHeader(f.key), normalizeHeader(f.label), 'meta', 'metadata']);
  const entries: { key: string; column: string }[] = [];
  for (const col of columns) {
    if (used.has(col)) continue;
    const m = /^([^.:_\s-]+)[.:_\s-]+(.+)$/.exec(col.trim());
    if (m && prefixes.has(normalizeHeader(m[1] as string)))
      entries.push({ key: (m[2] as string).trim(), column: col });
  }
  if (!entries.length) return undefined;
  for (const e of entries) used.add(e.column);
  return { kind: 'keyValue', entries };
}

export function autoMatch(
  template: Template,
  columns: readonly string[],
  remembered?: Readonly<Record<string, string>>,
): Mapping {
  const fields: Record<string, FieldSource> = {};
  const used = new Set<string>();
  const byNorm = new Map<string, string>();
  for (const c of columns) if (!byNorm.has(normalizeHeader(c))) byNorm.set(normalizeHeader(c), c);
  // Manual-template fields already read their own column.
  const open = template.fields.filter((f) => f.defaultColumn === undefined);
  const keys = new Set(open.map((f) => f.key));

  const assign = (f: FieldSpec, column: string) => {
    // An address with spaces around it is never valid (a workbook's " ann@example.com" made its row
    // invalid): trimming an email cannot change a request that would have gone, so the proposal trims.
    fields[f.key] =
      f.type === 'email'
        ? { kind: 'column', column, transforms: [{ kind: 'trim' }] }
        : { kind: 'column', column };
    used.add(column);
  };

  if (remembered) {
    for (const col of columns) {
      const key = remembered[col];
      if (key !== undefined && keys.has(key) && !fields[key] && !used.has(col))
        assign(
          open.find((f) => f.key === key)!,
          col,
        );
    }
  }

  // Required fields pick first, so an optional field cannot take the column a required one needs.
  const ordered = [...open.filter((f) => f.required), ...open.filter((f) => !f.required)];
  for (const pass of [exactNames, synonymNames]) {
    for (const f of ordered) {
      if (fields[f.key] || f.type === 'keyValue') continue;
      for (const n of pass(f)) {
        const col = byNorm.get(n);
        if (col !== undefined && !used.has(col)) {
          assign(f, col);
          break;
        }
      }
    }
  }

  for (const f of ordered) {
    if (fields[f.key]) continue;
    if (f.type === 'keyValue') {
      const kv = keyValueEntries(f, columns, used);
      if (kv) fields[f.key] = kv;
    } else if (f.type === 'string' && f.synonyms?.includes('full name')) {
      // These columns may also feed first/last name fields: the documented `name` is sent as well.
      const first = FIRST_NAME.map((n) => byNorm.get(n)).find((c) => c !== undefined);
      const last = LAST_NAME.map((n) => byNorm.get(n)).find((c) => c !== undefined);
      // A placeholder cannot hold a brace, so such headers are left for the admin to map.
      if (first !== undefined && last !== undefined && !/[{}]/.test(first + last)) {
        fields[f.key] = {
          kind: 'template',
          template: `{${first}} {${last}}`,
          transforms: [{ kind: 'trim' }],
        };
        used.add(first);
        used.add(last);
      }
    }
  }
  return { fields };
}
