// How old a synced catalog is, against how old it may be, in words an admin can compare: "61 seconds old,
// older than the 60 seconds allowed" — never "1 minute old, older than the 1 minute allowed". Under ten
// minutes an age is said in seconds; beyond, in minutes, hours or days; and where the two still read the
// same, each gets decimals until they differ.

const UNITS: readonly [limit: number, ms: number, one: string, many: string][] = [
  [1_000, 1, 'millisecond', 'milliseconds'],
  [10 * 60_000, 1_000, 'second', 'seconds'],
  [60 * 60_000, 60_000, 'minute', 'minutes'],
  [48 * 3_600_000, 3_600_000, 'hour', 'hours'],
  [Infinity, 86_400_000, 'day', 'days'],
];

/** An age in words, `digits` after the point (rounded down, so an age is never said older than it is). */
export function ageText(ms: number, digits = 0): string {
  const [, unit, one, many] = UNITS.find(([limit]) => ms < limit)!;
  const f = 10 ** digits;
  const n = (Math.floor((ms / unit) * f) / f).toFixed(digits);
  return `${n} ${n === '1' ? one : many}`;
}

/** The catalog's age and the age allowed, said so that the first reads older than the second. */
export function tooOldText(ageMs: number, allowedMs: number): { age: string; allowed: string } {
  for (let digits = 0; ; digits++) {
    const age = ageText(ageMs, digits);
    const allowed = ageText(allowedMs, digits);
    if (age !== allowed || digits >= 3) return { age, allowed };
  }
}
