// Transforms applied, in order, to a value read from a column or a template string.
import type { Transform } from './types';

export function applyTransform(value: string, t: Transform): string {
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
  }
}

export function applyTransforms(value: string, transforms: readonly Transform[] | undefined): string {
  if (!transforms) return value;
  let v = value;
  for (const t of transforms) v = applyTransform(v, t);
  return v;
}
