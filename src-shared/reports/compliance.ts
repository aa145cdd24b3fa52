// Training compliance: who has completed (and not failed) every course of a chosen set, grouped by client, company or
// department. A person is matched across connections by email (the seed's "Append" of several
// organisations), so a required Coassemble course and a required Coursepath course can be met by the
// same employee. In scope: every learner (not Coursepath admins) of a connection that owns a required course.
import { courseKey, learnerKey, type ComplianceDimension, type LearnerRow, type SyncedData } from './types';
import { percent } from './stats';

export interface ComplianceLearnerRow {
  name: string | null;
  email: string | null;
  group: string;
  /** The connections this person was found in, by name. */
  sources: string[];
  completed: number;
  required: number;
  compliant: boolean;
  /** Titles of the required courses not completed yet. */
  missing: string[];
}

export interface ComplianceGroupRow {
  group: string;
  learners: number;
  compliant: number;
  /** compliant / learners × 100, one decimal. */
  rate: number | null;
}

export interface ComplianceResult {
  learners: ComplianceLearnerRow[];
  groups: ComplianceGroupRow[];
  /** Required course keys that are not in the synced catalog. */
  unknownCourses: string[];
  /** Titles of required courses whose trackings or results no sync has read to the end. */
  unreadCourses: string[];
  /**
   * Courses were required but none can be judged (not in the catalog, or never read): the tables are
   * empty rather than showing everyone "not compliant" as if that were known.
   */
  nothingJudged: boolean;
}

export const NO_GROUP = '(none)';

export function personKey(l: LearnerRow): string {
  return l.email ? l.email.trim().toLowerCase() : learnerKey(l.connectionId, l.learnerId);
}

export function dimensionOf(l: LearnerRow, by: ComplianceDimension): string | null {
  return by === 'client' ? l.client : by === 'company' ? l.company : l.department;
}

/**
 * `enrolmentsRead`: the course keys whose trackings (Coassemble) or course members (Coursepath) a sync
 * has read to the end; a required course outside it has no known completions. Omitted: all were read.
 */
export function compliance(
  data: SyncedData,
  requiredKeys: readonly string[],
  by: ComplianceDimension,
  enrolmentsRead?: ReadonlySet<string>,
): ComplianceResult {
  const courses = new Map(data.courses.map((c) => [courseKey(c.connectionId, c.courseId), c]));
  const required = [...new Set(requiredKeys)].filter((k) => courses.has(k));
  const unknownCourses = [...new Set(requiredKeys)].filter((k) => !courses.has(k));
  const unread = required.filter((k) => enrolmentsRead && !enrolmentsRead.has(k));
  const unreadCourses = unread.map((k) => courses.get(k)!.title);
  if (requiredKeys.length > 0 && unread.length === required.length)
    return { learners: [], groups: [], unknownCourses, unreadCourses, nothingJudged: true };
  const owning = new Set(required.map((k) => courses.get(k)!.connectionId));

  interface Person {
    name: string | null;
    email: string | null;
    group: string | null;
    sources: Set<string>;
    done: Set<string>;
    /** Required courses completed with the assessment failed: not compliant, and said so. */
    failed: Set<string>;
  }
  const people = new Map<string, Person>();
  const personOf = new Map<string, Person>(); // learnerKey → person
  for (const l of data.learners) {
    if (!owning.has(l.connectionId) || l.role === 'admin') continue;
    const k = personKey(l);
    const p = people.get(k) ?? { name: null, email: null, group: null, sources: new Set(), done: new Set(), failed: new Set() };
    p.name ??= l.name;
    p.email ??= l.email;
    p.group ??= dimensionOf(l, by);
    p.sources.add(l.source);
    people.set(k, p);
    personOf.set(learnerKey(l.connectionId, l.learnerId), p);
  }
  const requiredSet = new Set(required);
  for (const e of data.enrolments) {
    if (e.completedAt === null) continue;
    const ck = courseKey(e.connectionId, e.courseId);
    if (!requiredSet.has(ck)) continue;
    const p = personOf.get(learnerKey(e.connectionId, e.learnerId));
    // Mandatory training is met by a pass: a completion the LMS marks as failed ("completed, pass or fail"
    // in Coursepath's events) is not. Where the LMS does not say (null), the completion counts.
    if (e.passed === false) p?.failed.add(ck);
    else p?.done.add(ck);
  }

  const learners: ComplianceLearnerRow[] = [...people.values()].map((p) => {
    const missing = required
      .filter((k) => !p.done.has(k))
      .map((k) => courses.get(k)!.title + (p.failed.has(k) ? ' (completed, not passed)' : ''));
    return {
      name: p.name,
      email: p.email,
      group: p.group ?? NO_GROUP,
      sources: [...p.sources].sort(),
      completed: required.length - missing.length,
      required: required.length,
      compliant: required.length > 0 && missing.length === 0,
      missing,
    };
  });
  learners.sort(
    (a, b) => a.group.localeCompare(b.group) || (a.email ?? a.name ?? '').localeCompare(b.email ?? b.name ?? ''),
  );

  const groups = new Map<string, { learners: number; compliant: number }>();
  for (const l of learners) {
    const g = groups.get(l.group) ?? { learners: 0, compliant: 0 };
    g.learners++;
    if (l.compliant) g.compliant++;
    groups.set(l.group, g);
  }
  const groupRows = [...groups.entries()]
    .map(([group, g]) => ({ group, ...g, rate: percent(g.compliant, g.learners) }))
    .sort((a, b) => a.group.localeCompare(b.group));
  return { learners, groups: groupRows, unknownCourses, unreadCourses, nothingJudged: false };
}
