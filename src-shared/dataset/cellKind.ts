// What a cell looks like, for column statistics. Cells stay strings everywhere (leading zeros and long
// ids survive); this only describes them so the admin can spot a column that is not what it seems.
export type CellKind = 'empty' | 'email' | 'integer' | 'number' | 'date' | 'boolean' | 'text';

export function cellKind(v: string): CellKind {
  const t = v.trim();
  if (t === '') return 'empty';
  if (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(t)) return 'email';
  if (/^-?\d+$/.test(t)) return 'integer';
  if (/^-?\d*\.\d+$/.test(t)) return 'number';
  if (/^(true|false|yes|no|y|n)$/i.test(t)) return 'boolean';
  if (/^\d{4}-\d{2}-\d{2}([T ][\d:.]+Z?)?$/.test(t) || /^\d{1,2}\/\d{1,2}\/\d{2,4}$/.test(t)) return 'date';
  return 'text';
}

/** A column's kind: the only kind of its non-empty cells, `mixed`, or `empty` when all are empty. */
export function columnKind(kinds: Partial<Record<CellKind, number>>): CellKind | 'mixed' {
  const present = Object.entries(kinds).filter(([k, n]) => k !== 'empty' && (n ?? 0) > 0);
  if (present.length === 0) return 'empty';
  return present.length === 1 ? (present[0]![0] as CellKind) : 'mixed';
}
