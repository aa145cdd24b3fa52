// Transforms applied, in order, to a value read from a column or a template string.
import type { LookupEntity, Transform } from './types';

/** How a title or email is compared with the synced catalog: case, surrounding and repeated spaces ignored. */
export function lookupKey(value: string): string {
  return value.trim().replace(/\s+/g, ' ').toLowerCase();
}

const LOOKUP_WHAT: Record<LookupEntity, [string, string]> = {
  'coassemble.course': ['course', 'courses'],
  'coursepath.course': ['course', 'courses'],
  'coassemble.user': ['user', 'users'],
  'coursepath.member': ['member', 'members'],
};

/** A lookup of one value: the id, or the value unchanged with the reason it could not be resolved. */
export function lookupValue(value: string, t: Extract<Transform, { kind: 'lookup' }>): { value: string; error?: string } {
  if (value.trim() === '') return { value: '' }; // empty stays empty: a required field says so itself
  const [one, many] = LOOKUP_WHAT[t.entity];
  const r = t.resolved;
  if (!r) return { value, error: `no synced ${one} catalog to look "${value}" up in; sync the connection first (Reports → Sync now)` };
  const k = lookupKey(value);
  const ids = Object.hasOwn(r.ambiguous, k) ? r.ambiguous[k] : undefined;
  if (ids) return { value, error: `"${value}" matches ${ids.length} ${many} in ${r.catalog} (ids ${ids.join(', ')}); use the id instead` };
  const id = Object.hasOwn(r.entries, k) ? r.entries[k] : undefined;
  if (id === undefined && t.onMissing === 'empty') return { value: '' };
  if (id === undefined) return { value, error: `"${value}" is not a ${one} ${t.from} in ${r.catalog}` };
  return { value: id };
}

export function applyTransform(value: string, t: Transform, onError?: (message: string) => void): string {
  switch (t.kind) {
    case 'trim':
      return value.trim();
    case 'lower':
      return value.toLowerCase();
    case 'upper':
      return value.toUpperCase();
    case 'default':
      // Blank means empty or only whitespace: a cell holding " " is as empty as one holding nothing.
      return value.trim() === '' ? t.value : value;
    case 'split': {
      // A negative index counts from the end: -1 is the last part ("Smith" of "Jan van Smith").
      const parts = value.split(t.separator);
      const i = t.index < 0 ? parts.length + t.index : t.index;
      return parts[i] ?? '';
    }
    case 'map':
      return Object.hasOwn(t.table, value) ? (t.table[value] as string) : value;
    case 'lookup': {
      const r = lookupValue(value, t);
      if (r.error) onError?.(r.error);
      return r.value;
    }
  }
}

/** `onError`: told when a value cannot be transformed (a lookup finds nothing); the row must not be sent. */
export function applyTransforms(
  value: string,
  transforms: readonly Transform[] | undefined,
  onError?: (message: string) => void,
): string {
  if (!transforms) return value;
  let v = value;
  for (const t of transforms) v = applyTransform(v, t, onError);
  return v;
}
