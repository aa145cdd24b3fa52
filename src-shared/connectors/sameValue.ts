// Whether the LMS holds the same value as one sent (or read before): trimmed, runs of white space read as
// one — an LMS may tidy "Ana  Lima" to "Ana Lima" on saving, the same name — and without case where the
// field is caseless (an email address, an ISO country code). One rule for the read-back after a write,
// a plan's diff, its drift check before the run and undo's later-change check, so a value one of them
// calls unchanged none calls changed (only the last read white space so before).
export function sameValue(a: string, b: string, caseless = false): boolean {
  return comparable(a, caseless) === comparable(b, caseless);
}

const comparable = (v: string, caseless: boolean): string => {
  const t = v.trim().replace(/\s+/g, ' ');
  return caseless ? t.toLowerCase() : t;
};
