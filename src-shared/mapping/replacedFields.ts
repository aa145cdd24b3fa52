// What replacing the working mapping would throw away: each field the admin had set (a column, a value,
// a template, transforms, a lookup) that the replacement sets otherwise or not at all. "Auto-match again"
// and applying a saved mapping replace the whole mapping, saved at once with no undo, so the Map screen
// asks first when this list is not empty — naming each field as History's audit record does.
import { describeMapping } from './describeMapping';
import type { FieldSource, Mapping } from './types';

/** A source as a comparable string: object keys sorted, so key order does not count as a change. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v);
}

const isSet = (s: FieldSource | undefined): s is FieldSource => !!s && s.kind !== 'none';

/**
 * Each field `current` sets that `next` would set differently, as `field ← where it came from`. Fields
 * in `autoKeys` were chosen by auto-match and not touched since: auto-match gives them back, so they are
 * not counted.
 */
export function replacedFields(current: Mapping, next: Mapping, autoKeys: readonly string[] = []): string[] {
  const lost: Mapping = { fields: {} };
  for (const [key, src] of Object.entries(current.fields)) {
    if (!isSet(src) || autoKeys.includes(key)) continue;
    const after = next.fields[key];
    if (!isSet(after) || canonical(after) !== canonical(src)) lost.fields[key] = src;
  }
  return describeMapping(lost);
}
