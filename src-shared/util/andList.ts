// A list in an English sentence: "a", "a and b", "a, b and c" (no comma before "and"). Messages name rows,
// lists and courses this way, so every list reads the same wherever it is said.

/** "" for none, "a", "a and b", "a, b and c". */
export function andList(items: readonly (string | number)[]): string {
  if (items.length <= 1) return items.length ? String(items[0]) : '';
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}
