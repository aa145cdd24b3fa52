// Small numeric helpers shared by the reports. Rounding happens once, where a figure is shown.

export function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/** The middle value; the mean of the two middle values for an even count. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function round(value: number | null, digits = 1): number | null {
  if (value === null) return null;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** completed / total as a percentage with one decimal; null when there is nothing to divide by. */
export function percent(part: number, whole: number): number | null {
  return whole === 0 ? null : round((part / whole) * 100, 1);
}

export const HOUR = 3_600_000;

/** `2026-03` for a time in March 2026 (UTC), the cohort a learner belongs to by the month they started. */
export function monthOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 7);
}

export function isoDate(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString().slice(0, 10);
}

/** Sort by source, then by a label, so combined reports read connection by connection. */
export function bySourceThen<T extends { source: string }>(label: (t: T) => string) {
  return (a: T, b: T): number => a.source.localeCompare(b.source) || label(a).localeCompare(label(b));
}

/**
 * The smallest and largest value; null for none. A loop, not Math.min(...values): a call takes at most
 * ~125,000 arguments, and a large academy's course has more results than that.
 */
export function minOf(values: readonly number[]): number | null {
  let m: number | null = null;
  for (const v of values) if (m === null || v < m) m = v;
  return m;
}

export function maxOf(values: readonly number[]): number | null {
  let m: number | null = null;
  for (const v of values) if (m === null || v > m) m = v;
  return m;
}
