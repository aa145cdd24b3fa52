// Transforms applied, in order, to a value read from a column or a template string.
import { reformatDate } from './dateFormat';
import type { LookupEntity, Transform } from './types';
import { quoteValue } from '../util/quoteValue';

/** How a title or email is compared with the synced catalog: case, surrounding and repeated spaces ignored. */
export function lookupKey(value: string): string {
  return value.trim().replace(/\s+/g, ' ').toLowerCase();
}

const LOOKUP_WHAT: Record<LookupEntity, [string, string]> = {
  'coassemble.course': ['course', 'courses'],
  'coursepath.course': ['course', 'courses'],
  'coassemble.user': ['user', 'users'],
  'coursepath.member': ['member', 'members'],
  'coursepath.program': ['program', 'programs'],
  'coursepath.group': ['group', 'groups'],
};

/** A lookup of one value: the id, or the value unchanged with the reason it could not be resolved. */
export function lookupValue(value: string, t: Extract<Transform, { kind: 'lookup' }>): { value: string; error?: string } {
  if (value.trim() === '') return { value: '' }; // empty stays empty: a required field says so itself
  const [one, many] = LOOKUP_WHAT[t.entity];
  const r = t.resolved;
  if (!r) return { value, error: `no synced ${one} catalog to look ${quoteValue(value)} up in; sync the connection first (Reports → Sync now, or bulk-desk sync run)` };
  const k = lookupKey(value);
  const ids = Object.hasOwn(r.ambiguous, k) ? r.ambiguous[k] : undefined;
  if (ids) return { value, error: `${quoteValue(value)} matches ${ids.length} ${many} in ${r.catalog} (ids ${ids.join(', ')}); use the id instead` };
  const id = Object.hasOwn(r.entries, k) ? r.entries[k] : undefined;
  if (id !== undefined) return { value: id };
  if (t.onMissing === 'empty') return { value: '' };
  const other = r.otherState && Object.hasOwn(r.otherState, k) ? r.otherState[k] : undefined;
  if (other) {
    const ids = `${other.length === 1 ? 'id' : 'ids'} ${other.join(', ')}`;
    return {
      value,
      error:
        t.state === 'deleted'
          ? `${quoteValue(value)} is a ${one} in ${r.catalog} (${ids}) but it is not deleted; there is nothing to restore`
          : `${quoteValue(value)} is a deleted ${one} in ${r.catalog} (${ids}); restore it first, or look up deleted ${many}`,
    };
  }
  const what = t.state === 'deleted' ? `deleted ${one}` : one;
  return { value, error: `${quoteValue(value)} is not a ${what} ${t.from} in ${r.catalog}` };
}

const regexCache = new Map<string, RegExp | { error: string }>();

/** The compiled expression of a regexReplace, or why it does not compile (compiled once per pattern). */
export function compileRegex(pattern: string, flags: string): RegExp | { error: string } {
  const key = `${flags}/${pattern}`;
  let re = regexCache.get(key);
  if (!re) {
    try {
      if (!/^[gimsu]*$/.test(flags)) throw new Error(`flags may only be g, i, m, s and u; got "${flags}"`);
      re = new RegExp(pattern, flags);
    } catch (e) {
      re = { error: `Regular expression /${pattern}/: ${e instanceof Error ? e.message : String(e)}` };
    }
    if (regexCache.size > 200) regexCache.clear();
    regexCache.set(key, re);
  }
  return re;
}

/** The comparison of a conditional's `equals`: case and surrounding spaces ignored. */
const sameText = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

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
    case 'dateFormat': {
      if (value.trim() === '') return value; // empty stays empty: a required field says so itself
      const r = reformatDate(value, t.from, t.to);
      if (r.error) onError?.(r.error);
      return r.value;
    }
    case 'regexReplace': {
      const re = compileRegex(t.pattern, t.flags);
      if (!(re instanceof RegExp)) {
        onError?.(re.error);
        return value;
      }
      re.lastIndex = 0;
      return value.replace(re, t.replacement);
    }
    case 'conditional': {
      const hit = t.test === 'empty' ? value.trim() === '' : sameText(value, t.value);
      return hit ? t.then : (t.otherwise ?? value);
    }
    case 'lookup': {
      const r = lookupValue(value, t);
      if (r.error) onError?.(r.error);
      return r.value;
    }
  }
}

/** One transform's effect, for the request panel: the value after it, and why it failed if it did. */
export type TransformStep = (t: Transform, value: string, error: string | null) => void;

/**
 * `onError`: told when a value cannot be transformed (a lookup finds nothing); the row must not be sent.
 * `onStep`: told the value after each transform (the Map screen's "cell → transforms → result").
 */
export function applyTransforms(
  value: string,
  transforms: readonly Transform[] | undefined,
  onError?: (message: string) => void,
  onStep?: TransformStep,
): string {
  if (!transforms) return value;
  let v = value;
  for (const t of transforms) {
    if (!onStep) {
      v = applyTransform(v, t, onError);
      continue;
    }
    let error: string | null = null;
    v = applyTransform(v, t, (m) => {
      error = m;
      onError?.(m);
    });
    onStep(t, v, error);
  }
  return v;
}
