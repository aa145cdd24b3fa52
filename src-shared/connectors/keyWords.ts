// A row's key (./rowKeys.ts: `courseId=12 memberId=345`) in words, for History's and Plan's "Acts on":
// "course 12 · member 345". Bare, an enrolment's two ids did not say which was the course.

/** Key fields by what they name; a field not listed keeps its own name. */
const WORDS: Readonly<Record<string, string>> = {
  courseId: 'course',
  memberId: 'member',
  programId: 'program',
  email: 'email',
  name: 'group',
  language: 'language',
  identifier: 'identifier',
  clientIdentifier: 'client',
  // A tracking's body names its course as `id`.
  id: 'course',
};

/** The key's parts, field and value; a value may hold spaces (a group's name). */
export function keyParts(key: string): [field: string, value: string][] {
  return key
    .split(/ (?=[A-Za-z]+=)/)
    .map((p) => p.split(/=(.*)/s, 2) as [string, string])
    .filter((p) => p.length === 2);
}

/**
 * `courseId=12 memberId=345` → "course 12 · member 345". A key of one part (`email=ann@example.com`, a
 * whole request's fingerprint) says what it is already, and is left as it is.
 */
export function keyWords(key: string): string {
  const parts = keyParts(key);
  if (parts.length < 2) return key;
  return parts.map(([field, value]) => `${WORDS[field] ?? field} ${value}`).join(' · ');
}
