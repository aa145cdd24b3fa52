// Progress between two dates when a course was deleted in between: its first-date figures must not vanish
// (no row, no note), nor turn into "−13 new completions" — a deleted course's trackings are no longer
// synced, so the second date has nothing to say about it.
import { describe, expect, it } from 'vitest';
import { buildReport } from '../../../src-shared/reports/buildReport';
import { progressOverTime, type RemovedCourse } from '../../../src-shared/reports/progressOverTime';
import type { CourseRow, EnrolmentRow } from '../../../src-shared/reports/types';

const SRC = { connectionId: 'ca', source: 'Acme · Coassemble', api: 'coassemble' as const };
const live: CourseRow[] = [{ ...SRC, courseId: '1', title: 'Fire safety', status: 'published' }];
const removed: RemovedCourse[] = [
  { ...SRC, courseId: '2', title: 'Old onboarding', deleted: true },
  { ...SRC, courseId: '3', title: null, deleted: false },
];

function enrolments(courseId: string, n: number, done: number): EnrolmentRow[] {
  return Array.from({ length: n }, (_, i) => ({
    connectionId: 'ca',
    courseId,
    learnerId: `${courseId}-${i}`,
    startedAt: 1,
    completedAt: i < done ? 2 : null,
    progress: i < done ? 100 : 40,
    score: null,
    passed: null,
  }));
}

const from = [...enrolments('1', 5, 2), ...enrolments('2', 21, 13), ...enrolments('3', 4, 1)];
const to = [...enrolments('1', 5, 3)];

describe('progress between two dates, a course deleted in between', () => {
  it('keeps a row for it with its first-date figures, marked deleted, and counts nothing as new', () => {
    const rows = progressOverTime(live, from, to, new Set(['ca']), removed);
    expect(rows.map((r) => [r.title, r.removed])).toEqual([
      ['Fire safety', null], // live courses first, then the removed ones
      ['3', 'gone'],
      ['Old onboarding', 'deleted'],
    ]);
    const old = rows.find((r) => r.courseId === '2')!;
    expect(old).toMatchObject({
      enrolledFrom: 21,
      completedFrom: 13,
      enrolledTo: null,
      completedTo: null,
      newCompletions: null,
    });
    expect(rows.find((r) => r.courseId === '1')!.newCompletions).toBe(1);
  });

  it('shows it in the table and names it in a note', () => {
    const v = buildReport(
      { name: 'progressOverTime', from: 1, to: 2 },
      {
        data: { courses: live, learners: [], enrolments: to, screens: [] },
        snapshots: {
          from,
          to,
          fromLabel: 'a',
          toLabel: 'b',
          fromConnections: new Set(['ca']),
          removedCourses: removed,
        },
      },
    );
    const titles = v.tables[0]!.rows.map((r) => r.title);
    expect(titles).toEqual(['Fire safety', 'Course 3 (no longer in the LMS)', 'Old onboarding (deleted)']);
    const note = v.notes.find((n) => n.includes('Old onboarding'));
    expect(note).toMatch(/^Acme · Coassemble: .*“Old onboarding” was deleted in the LMS.*not counted as new/);
    expect(note).toMatch(/course 3 is no longer listed by the LMS/);
    expect(v.notes.join(' ')).not.toMatch(/had not been synced yet/); // it had: the course went, not the sync
    expect(v.chart?.kind === 'bar' && v.chart.bars.map((b) => b.label)).toEqual(['Fire safety']);
  });

  it('a deleted course still in both snapshots (deleted after the second date) compares as usual', () => {
    const both = [...to, ...enrolments('2', 21, 15)];
    const rows = progressOverTime(live, from, both, new Set(['ca']), removed.slice(0, 1));
    expect(rows.find((r) => r.courseId === '2')).toMatchObject({
      enrolledTo: 21,
      completedTo: 15,
      newCompletions: 2,
      removed: 'deleted',
    });
  });
});
