// When a column of course titles or learner emails lands in a numeric id field (auto-match takes a
// "Course" header for the Course ID), every row would be refused. This says so before any row is checked,
// and offers the lookup that turns each title or email into the id through the synced catalog.
import type { FieldSpec, Template } from '../connectors/types';
import type { FieldSource, LookupEntity, LookupKey, Transform } from './types';
import { quoteValue } from '../util/quoteValue';

export interface LookupSuggestion {
  transform: Extract<Transform, { kind: 'lookup' }>;
  /** What the admin reads: what the column holds and what the lookup does. */
  reason: string;
}

/** Which catalog answers which id field, by template field key. */
const ID_FIELDS: Record<
  string,
  Partial<Record<'coursepath' | 'coassemble', { entity: LookupEntity; from: LookupKey[] }>>
> = {
  courseId: {
    coursepath: { entity: 'coursepath.course', from: ['title'] },
    coassemble: { entity: 'coassemble.course', from: ['title'] },
  },
  memberId: { coursepath: { entity: 'coursepath.member', from: ['email'] } },
  programId: { coursepath: { entity: 'coursepath.program', from: ['title'] } },
};

/**
 * Lookups that answer a field only when the admin adds one (never offered on their own: a group name or
 * an identifier is often sent as it is).
 */
const BY_HAND: Record<string, Partial<Record<'coursepath' | 'coassemble', { entity: LookupEntity; from: LookupKey }>>> =
  {
    groupId: { coursepath: { entity: 'coursepath.group', from: 'name' } },
    identifier: { coassemble: { entity: 'coassemble.user', from: 'email' } },
  };

/**
 * The lookup a field starts with when the admin adds one by hand: the catalog that answers that field on
 * the mapping's API (a Member ID looks up member emails), else that API's course titles — never a
 * catalog of the other API, which the mapping's connection cannot answer.
 */
export function lookupFor(api: 'coursepath' | 'coassemble', fieldKey: string): Extract<Transform, { kind: 'lookup' }> {
  const id = ID_FIELDS[fieldKey]?.[api];
  const target = id ? { entity: id.entity, from: id.from[0]! } : (BY_HAND[fieldKey]?.[api] ?? null);
  const fallback = { entity: `${api}.course` as const, from: 'title' as const };
  const { entity, from } = target ?? fallback;
  return { kind: 'lookup', entity, from, connectionId: '' }; // '' = the mapping's connection
}

/** Templates that act on soft-deleted courses: their lookups read the deleted ones. */
const ACTS_ON_DELETED = new Set(['coassemble.courses.restore']);

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DIGITS = /^\d+$/;

function classify(samples: readonly string[]): 'ids' | 'emails' | 'titles' | 'unknown' {
  const values = samples.map((s) => s.trim()).filter((s) => s !== '');
  if (values.length === 0) return 'unknown';
  const ids = values.filter((v) => DIGITS.test(v)).length;
  if (ids * 2 >= values.length) return 'ids';
  const emails = values.filter((v) => EMAIL.test(v)).length;
  return emails * 2 >= values.length ? 'emails' : 'titles';
}

const hasLookup = (s: FieldSource) =>
  (s.kind === 'column' || s.kind === 'template') && (s.transforms ?? []).some((t) => t.kind === 'lookup');

/**
 * A lookup to offer for `field` given the first values its source gives (`samples`, before transforms),
 * or null: the field is not an id a catalog can answer, the values already look like ids, or a lookup is
 * already there.
 */
export function suggestLookup(
  template: Template,
  field: FieldSpec,
  source: FieldSource,
  samples: readonly string[],
): LookupSuggestion | null {
  if (
    field.type !== 'integer' ||
    (source.kind !== 'column' && source.kind !== 'template') ||
    hasLookup(source)
  )
    return null;
  const target = ID_FIELDS[field.key]?.[template.api];
  if (!target) return null;
  const kind = classify(samples);
  const from: LookupKey | null = kind === 'emails' ? 'email' : kind === 'titles' ? 'title' : null;
  if (!from || !target.from.includes(from)) return null;
  const deleted = ACTS_ON_DELETED.has(template.id);
  const what = target.entity.split('.')[1]!;
  const column = source.kind === 'column' ? `"${source.column}"` : 'This template';
  const example = samples.find((s) => s.trim() !== '')!.trim();
  return {
    transform: {
      kind: 'lookup',
      entity: target.entity,
      from,
      connectionId: '',
      ...(deleted ? { state: 'deleted' as const } : {}),
    },
    reason:
      `${column} holds ${what} ${from === 'email' ? 'emails' : 'titles'} (${quoteValue(example)}), not ${field.label}s: ` +
      `every row would be refused. Look each one up in the synced ${deleted ? 'deleted ' : ''}${what} catalog to send its id.`,
  };
}
