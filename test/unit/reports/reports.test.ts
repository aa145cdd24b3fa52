// Each report's figures over the sandbox's seeded demo data (two LMSs combined), checked against values
// computed directly from the seed records in test/helpers/seedFigures.ts.
import { describe, expect, it } from 'vitest';
import { seedState } from '../../../src-main/sandbox/state/seedData';
import { buildReport } from '../../../src-shared/reports/buildReport';
import { completionRate } from '../../../src-shared/reports/completionRate';
import { compliance } from '../../../src-shared/reports/compliance';
import { contentFormats } from '../../../src-shared/reports/contentFormats';
import { progressOverTime } from '../../../src-shared/reports/progressOverTime';
import { scoreHistogram, scores } from '../../../src-shared/reports/scores';
import { startedNotFinished } from '../../../src-shared/reports/startedNotFinished';
import { median } from '../../../src-shared/reports/stats';
import { timeToCompletion } from '../../../src-shared/reports/timeToCompletion';
import { courseKey } from '../../../src-shared/reports/types';
import {
  CA,
  CP,
  expectedCompletion,
  expectedCompliant,
  expectedHoursByCohort,
  expectedScores,
  expectedStartedNotFinished,
  plainState,
  rowsOf,
  screensByType,
} from '../../helpers/seedFigures';

for (const seed of [1, 7, 42]) {
  describe(`reports over the seed-${seed} sandbox data (Coassemble + Coursepath combined)`, () => {
    const p = plainState(seedState(seed, 'admin@sandbox-academy.test'));
    const data = rowsOf(p);

    it('completion rate per course: completed ÷ enrolled, every course listed with its source', () => {
      const want = expectedCompletion(p);
      const rows = completionRate(data);
      expect(rows).toHaveLength(want.size);
      for (const r of rows) {
        const w = want.get(r.title)!;
        expect({ title: r.title, enrolled: r.enrolled, completed: r.completed, rate: r.rate }).toEqual({ title: r.title, ...w });
        expect(r.source).toBe(r.api === 'coassemble' ? CA.source : CP.source);
      }
      expect(new Set(rows.map((r) => r.source))).toEqual(new Set([CA.source, CP.source]));
    });

    it('learners who started and did not finish', () => {
      const rows = startedNotFinished(data);
      expect(rows).toHaveLength(expectedStartedNotFinished(p));
      expect(rows.every((r) => r.email !== null && r.title && r.startedAt > 0)).toBe(true);
      expect(rows.map((r) => r.startedAt)).toEqual([...rows.map((r) => r.startedAt)].sort((a, b) => a - b));
    });

    it('average and distribution of scores per course', () => {
      const want = expectedScores(p);
      const rows = scores(data);
      for (const r of rows) {
        const w = want.get(r.title)!;
        expect(r.count).toBe(w.count);
        if (w.average === null) expect(r.average).toBeNull();
        else expect(r.average).toBeCloseTo(w.average, 1);
        expect(r.distribution).toEqual(w.bins);
      }
      const all = [...want.values()].reduce((acc, w) => acc.map((n, i) => n + w.bins[i]!), new Array(10).fill(0) as number[]);
      expect(scoreHistogram(rows)).toEqual(all);
    });

    it('time to completion per cohort (month started) and per course', () => {
      const want = expectedHoursByCohort(p);
      const rows = timeToCompletion(data, 'cohort');
      expect(rows.map((r) => r.group)).toEqual([...want.keys()].sort());
      for (const r of rows) {
        const hours = want.get(r.group)!;
        expect(r.completions).toBe(hours.length);
        expect(r.averageHours).toBeCloseTo(hours.reduce((a, b) => a + b, 0) / hours.length, 1);
        expect(r.medianHours).toBeCloseTo(median(hours)!, 1);
      }
      const perCourse = timeToCompletion(data, 'course');
      const completions = [...expectedCompletion(p).values()].reduce((n, w) => n + w.completed, 0);
      expect(perCourse.reduce((n, r) => n + r.completions, 0)).toBe(completions);
    });

    it('training compliance across both LMSs, people matched by email', () => {
      const caTitle = p.coassemble.courses.find((c) => c.published && !c.deleted)!.title;
      const cpTitle = p.coursepath.courses[0]!.name;
      const keys = [
        courseKey(CA.connectionId, String(p.coassemble.courses.find((c) => c.title === caTitle)!.id)),
        courseKey(CP.connectionId, String(p.coursepath.courses[0]!.id)),
      ];
      const want = expectedCompliant(p, caTitle, cpTitle);
      const r = compliance(data, keys, 'company');
      expect(r.learners).toHaveLength(want.everyone.size);
      expect(new Set(r.learners.filter((l) => l.compliant).map((l) => l.email!.toLowerCase()))).toEqual(want.compliant);
      expect(r.groups.reduce((n, g) => n + g.compliant, 0)).toBe(want.compliant.size);
      expect(r.learners.filter((l) => !l.compliant).every((l) => l.missing.length > 0)).toBe(true);
      // A completion whose assessment was failed is named as such among what is missing, not as not started.
      const failedCp = p.coursepath.courseMembers.find(
        (x) => x.courseId === p.coursepath.courses[0]!.id && x.completed && x.success === false,
      );
      expect(failedCp).toBeDefined(); // every seed tested has one
      {
        const email = p.coursepath.members.find((m) => m.id === failedCp!.memberId)!.email.toLowerCase();
        const row = r.learners.find((l) => l.email?.toLowerCase() === email)!;
        expect(row.compliant).toBe(false);
        expect(row.missing).toContain(`${cpTitle} (completed, not passed)`);
      }
      expect(r.unknownCourses).toEqual([]);
    });

    it('compliance across two academies: one person, two connections, matched by email', () => {
      // A second academy holding the same people (as after the seed's "Append" of organisations).
      const eu = { connectionId: 'cp-eu', source: 'Coursepath EU', api: 'coursepath' as const };
      const second = rowsOf(p, CA, eu);
      const both = {
        courses: [...data.courses, ...second.courses.filter((c) => c.connectionId === eu.connectionId)],
        learners: [...data.learners, ...second.learners.filter((l) => l.connectionId === eu.connectionId)],
        enrolments: [...data.enrolments, ...second.enrolments.filter((e) => e.connectionId === eu.connectionId)],
        screens: data.screens,
      };
      const doneIn = (id: number) =>
        new Set(p.coursepath.courseMembers.filter((x) => x.courseId === id && x.completed && x.success !== false).map((x) => x.memberId));
      // Two courses some learners completed both of, so the compliant set is not empty.
      const pairs = p.coursepath.courses.flatMap((x, i) => p.coursepath.courses.slice(i + 1).map((y) => [x, y] as const));
      const [a, b] = pairs.find(([x, y]) => [...doneIn(x.id)].some((m) => doneIn(y.id).has(m)))!;
      const r = compliance(both, [courseKey(CP.connectionId, String(a.id)), courseKey(eu.connectionId, String(b.id))], 'company');
      const [doneA, doneB] = [doneIn(a.id), doneIn(b.id)];
      const learners = p.coursepath.members.filter((m) => m.role !== 'admin');
      const want = learners.filter((m) => doneA.has(m.id) && doneB.has(m.id)).map((m) => m.email.toLowerCase());
      expect(want.length).toBeGreaterThan(0);
      expect(r.learners).toHaveLength(learners.length); // one row per person, not per connection
      expect(r.learners.every((l) => l.sources.length === 2)).toBe(true);
      expect(r.learners.filter((l) => l.compliant).map((l) => l.email!.toLowerCase()).sort()).toEqual(want.sort());
    });

    it('compliance by department within one academy', () => {
      const course = p.coursepath.courses[1]!;
      const r = compliance(data, [courseKey(CP.connectionId, String(course.id))], 'department');
      const learners = p.coursepath.members.filter((m) => m.role !== 'admin');
      const done = new Set(
        p.coursepath.courseMembers.filter((x) => x.courseId === course.id && x.completed && x.success !== false).map((x) => x.memberId),
      );
      for (const g of r.groups) {
        const inDept = learners.filter((m) => (m.department ?? '(none)') === g.group);
        expect(g.learners).toBe(inDept.length);
        expect(g.compliant).toBe(inDept.filter((m) => done.has(m.id)).length);
      }
      expect(r.groups.reduce((n, g) => n + g.learners, 0)).toBe(learners.length);
    });

    it('content formats used across the catalog', () => {
      const want = screensByType(p);
      const rows = contentFormats(data);
      expect(rows.map((r) => r.typeTitle).sort()).toEqual([...want.keys()].sort());
      for (const r of rows) {
        expect(r.screens).toBe(want.get(r.typeTitle)!.screens);
        expect(r.courses).toBe(want.get(r.typeTitle)!.courses.size);
      }
      expect(rows.reduce((n, r) => n + (r.share ?? 0), 0)).toBeCloseTo(100, 0);
    });
  });
}

describe('progress between two snapshots', () => {
  const p = plainState(seedState(3, 'admin@sandbox-academy.test'));
  const data = rowsOf(p);
  it('counts new completions per course between two dates', () => {
    // "Before": every enrolment completed after 1 March 2026 had not finished yet.
    const cut = Date.UTC(2026, 2, 1);
    const before = data.enrolments.map((e) => (e.completedAt !== null && e.completedAt > cut ? { ...e, completedAt: null, progress: 50 } : e));
    const rows = progressOverTime(data.courses, before, data.enrolments);
    const want = new Map<string, number>();
    for (const e of data.enrolments)
      if (e.completedAt !== null && e.completedAt > cut) want.set(courseKey(e.connectionId, e.courseId), (want.get(courseKey(e.connectionId, e.courseId)) ?? 0) + 1);
    for (const r of rows) expect(r.newCompletions).toBe(want.get(courseKey(r.connectionId, r.courseId)) ?? 0);
    expect(rows.every((r) => r.enrolledFrom === r.enrolledTo)).toBe(true);
  });
});

describe('report views', () => {
  const data = rowsOf(plainState(seedState(7, 'admin@sandbox-academy.test')));
  it('every report lays out a table whose columns its rows fill, and a chart', () => {
    for (const req of [
      { name: 'completionRate' as const },
      { name: 'startedNotFinished' as const },
      { name: 'scores' as const },
      { name: 'timeToCompletion' as const, by: 'cohort' as const },
      { name: 'compliance' as const, courseKeys: [courseKey(data.courses[0]!.connectionId, data.courses[0]!.courseId)], by: 'department' as const },
      { name: 'contentFormats' as const },
    ]) {
      const v = buildReport(req, { data });
      expect(v.tables[0]!.rows.length).toBeGreaterThan(0);
      for (const row of v.tables[0]!.rows) for (const c of v.tables[0]!.columns) expect(row).toHaveProperty(c.key);
      expect(v.chart).not.toBeNull();
    }
  });
});
