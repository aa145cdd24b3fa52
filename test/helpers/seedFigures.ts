// The sandbox's seeded demo data, and report figures computed from it directly — with plain loops over
// the LMS's own records, independent of the sync and of src-shared/reports — so the reports' tests
// compare two separate computations.
import type { SandboxState, CaCourse, CaTracking, CaUser, CaClient, CpCourse, CpCourseMember, CpMember } from '../../src-main/sandbox/state/types';
import type { SyncedData } from '../../src-shared/reports/types';

export interface Plain {
  coassemble: { courses: CaCourse[]; clients: CaClient[]; users: CaUser[]; trackings: CaTracking[] };
  coursepath: {
    members: CpMember[];
    courses: CpCourse[];
    groups: { id: number; name: string; memberIds: number[] }[];
    courseMembers: CpCourseMember[];
  };
}

/** The sandbox's in-memory state as the same plain arrays GET /__sandbox/state returns. */
export function plainState(s: SandboxState): Plain {
  return {
    coassemble: {
      courses: [...s.coassemble.courses.values()],
      clients: [...s.coassemble.clients.values()],
      users: [...s.coassemble.users.values()],
      trackings: [...s.coassemble.trackings.values()],
    },
    coursepath: {
      members: [...s.coursepath.members.values()],
      courses: [...s.coursepath.courses.values()],
      groups: [...s.coursepath.groups.values()].map((g) => ({ id: g.id, name: g.name, memberIds: [...g.memberIds] })),
      courseMembers: [...s.coursepath.courseMembers.values()],
    },
  };
}

export const CA = { connectionId: 'ca', source: 'Coassemble', api: 'coassemble' as const };
export const CP = { connectionId: 'cp', source: 'Coursepath', api: 'coursepath' as const };
const ms = (iso: string | null) => (iso === null ? null : Date.parse(iso));

/** The seed as the plain rows a complete sync stores (soft-deleted Coassemble courses are not listed). */
export function rowsOf(p: Plain, ca = CA, cp = CP): SyncedData {
  const live = p.coassemble.courses.filter((c) => c.deleted === null);
  const liveIds = new Set(live.map((c) => c.id));
  const clients = new Map(p.coassemble.clients.map((c) => [c.clientIdentifier, c]));
  return {
    courses: [
      ...live.map((c) => ({ ...ca, courseId: String(c.id), title: c.title, status: c.published ? 'published' : 'draft' })),
      ...p.coursepath.courses.map((c) => ({ ...cp, courseId: String(c.id), title: c.name, status: c.status })),
    ],
    learners: [
      ...p.coassemble.users.map((u) => ({
        ...ca,
        learnerId: u.identifier,
        email: u.email,
        name: u.name,
        company: (u.clientIdentifier && (clients.get(u.clientIdentifier)?.metadata.company as string)) ?? u.clientIdentifier,
        department: (u.metadata.department as string) ?? null,
        client: u.clientIdentifier,
        role: null,
      })),
      ...p.coursepath.members.map((m) => ({
        ...cp,
        learnerId: String(m.id),
        email: m.email,
        name: m.name,
        company: m.company,
        department: m.department,
        client: null,
        role: m.role,
      })),
    ],
    enrolments: [
      ...p.coassemble.trackings
        .filter((t) => liveIds.has(t.courseId))
        .map((t) => ({
          connectionId: ca.connectionId,
          courseId: String(t.courseId),
          learnerId: t.identifier,
          startedAt: ms(t.commenced),
          completedAt: ms(t.completed),
          progress: t.progress,
          score: t.score,
          passed: t.passed,
        })),
      ...p.coursepath.courseMembers.map((r) => ({
        connectionId: cp.connectionId,
        courseId: String(r.courseId),
        learnerId: String(r.memberId),
        startedAt: ms(r.started),
        completedAt: ms(r.completed),
        progress: r.progress,
        score: r.score,
        passed: r.success,
      })),
    ],
    screens: live.flatMap((c) =>
      c.screens.map((s) => ({ connectionId: ca.connectionId, courseId: String(c.id), typeName: s.type.name, typeTitle: s.type.title })),
    ),
  };
}

// ---------- independent figures, keyed by course title (titles are unique in the seed) ----------

interface Result {
  title: string;
  started: string | null;
  completed: string | null;
  score: number | null;
  progress: number;
}

/** Every enrolment of the seed as (course title, dates, score), from the LMS records themselves. */
export function resultsByTitle(p: Plain): Map<string, Result[]> {
  const out = new Map<string, Result[]>();
  const add = (r: Result) => out.set(r.title, [...(out.get(r.title) ?? []), r]);
  for (const c of p.coassemble.courses) {
    if (c.deleted !== null) continue;
    out.set(c.title, []);
    for (const t of p.coassemble.trackings)
      if (t.courseId === c.id) add({ title: c.title, started: t.commenced, completed: t.completed, score: t.score, progress: t.progress });
  }
  for (const c of p.coursepath.courses) {
    out.set(c.name, []);
    for (const r of p.coursepath.courseMembers)
      if (r.courseId === c.id) add({ title: c.name, started: r.started, completed: r.completed, score: r.score, progress: r.progress });
  }
  return out;
}

export function expectedCompletion(p: Plain) {
  return new Map(
    [...resultsByTitle(p)].map(([title, rs]) => {
      const completed = rs.filter((r) => r.completed).length;
      return [title, { enrolled: rs.length, completed, rate: rs.length ? Math.round((1000 * completed) / rs.length) / 10 : null }];
    }),
  );
}

export function expectedScores(p: Plain) {
  return new Map(
    [...resultsByTitle(p)].map(([title, rs]) => {
      const s = rs.map((r) => r.score).filter((x): x is number => x !== null);
      const bins = new Array(10).fill(0) as number[];
      for (const v of s) bins[v === 100 ? 9 : Math.floor(v / 10)]! += 1;
      return [title, { count: s.length, average: s.length ? s.reduce((a, b) => a + b, 0) / s.length : null, bins }];
    }),
  );
}

export function expectedStartedNotFinished(p: Plain): number {
  let n = 0;
  for (const rs of resultsByTitle(p).values()) n += rs.filter((r) => r.started && !r.completed).length;
  return n;
}

/** Hours to complete of every finished enrolment, by the month (UTC) it started. */
export function expectedHoursByCohort(p: Plain) {
  const out = new Map<string, number[]>();
  for (const rs of resultsByTitle(p).values())
    for (const r of rs) {
      if (!r.started || !r.completed) continue;
      const month = r.started.slice(0, 7);
      out.set(month, [...(out.get(month) ?? []), (Date.parse(r.completed) - Date.parse(r.started)) / 3_600_000]);
    }
  return out;
}

export function screensByType(p: Plain) {
  const out = new Map<string, { screens: number; courses: Set<number> }>();
  for (const c of p.coassemble.courses) {
    if (c.deleted !== null) continue;
    for (const s of c.screens) {
      const e = out.get(s.type.title) ?? { screens: 0, courses: new Set<number>() };
      e.screens++;
      e.courses.add(c.id);
      out.set(s.type.title, e);
    }
  }
  return out;
}

/**
 * Emails (lowercased) of the people who completed both required courses — a Coassemble one by title and
 * a Coursepath one by title — matched across the two LMSs by email; and everyone in scope.
 */
export function expectedCompliant(p: Plain, caTitle: string, cpTitle: string) {
  const caCourse = p.coassemble.courses.find((c) => c.title === caTitle)!;
  const cpCourse = p.coursepath.courses.find((c) => c.name === cpTitle)!;
  const everyone = new Set<string>();
  for (const u of p.coassemble.users) if (u.email) everyone.add(u.email.toLowerCase());
  for (const m of p.coursepath.members) if (m.role !== 'admin') everyone.add(m.email.toLowerCase());
  const doneCa = new Set(
    // Compliant means completed and not failed: a completion whose assessment was not passed does not count.
    p.coassemble.trackings.filter((t) => t.courseId === caCourse.id && t.completed && t.passed !== false).map((t) => p.coassemble.users.find((u) => u.identifier === t.identifier)!.email!.toLowerCase()),
  );
  const doneCp = new Set(
    p.coursepath.courseMembers.filter((r) => r.courseId === cpCourse.id && r.completed && r.success !== false).map((r) => p.coursepath.members.find((m) => m.id === r.memberId)!.email.toLowerCase()),
  );
  return { everyone, compliant: new Set([...everyone].filter((e) => doneCa.has(e) && doneCp.has(e))) };
}
