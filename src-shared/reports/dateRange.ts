// The two dates of "Progress between two dates" must be in order: a first date after the second would
// count every completion between them as a negative "new completion". One check for every caller, each
// naming the two ends as its admin sees them: the CLI its flags (a usage error, exit 2), the Reports
// screen its two fields (said beside them, and the report is not run), the contract its input fields.

export interface RangeEnd {
  /** Epoch ms. */
  at: number;
  /** How the caller names this end, e.g. "--from 2026-12-03" or "“From” (3 Dec 2026, 13:05:36)". */
  label: string;
}

/** The message for a first date after the second, or null when they are in order (the same date is fine). */
export function reversedRange(from: RangeEnd, to: RangeEnd): string | null {
  return from.at > to.at ? `${from.label} is after ${to.label}: put the earlier date first` : null;
}
