// Progress between two dates, told what each date's sync read of the courses' enrolments: a course that
// sync did not read has that side empty (unknown), while a course the sync could not have read because
// it was not in the LMS yet — its course list read whole, the course not in it — starts from 0.
import { describe, expect, it } from 'vitest';
import { progressOverTime, type EnrolmentCoverage } from '../../../src-shared/reports/progressOverTime';
import type { CourseRow, EnrolmentRow } from '../../../src-shared/reports/types';

const SRC = { connectionId: 'cp', source: 'Acme · Coursepath', api: 'coursepath' as const };
const course = (courseId: string, title: string): CourseRow => ({ ...SRC, courseId, title, status: 'published' });
const courses = [course('1', 'Fire safety'), course('2', 'New this month'), course('3', 'Unfinished list')];

function enrolments(courseId: string, n: number, done: number): EnrolmentRow[] {
  return Array.from({ length: n }, (_, i) => ({
    connectionId: 'cp',
    courseId,
    learnerId: `${courseId}-${i}`,
    startedAt: 1,
    completedAt: i < done ? 2 : null,
    progress: null,
    score: null,
    passed: null,
  }));
}

const cover = (listedAll: boolean, read: string[], unread: string[] = []): ReadonlyMap<string, EnrolmentCoverage> =>
  new Map([['cp', { connectionId: 'cp', syncedAt: 1, listedAll, read: new Set(read), unread: new Set(unread) }]]);

describe('progress between two dates, by what each sync read', () => {
  const from = [...enrolments('1', 6, 2), ...enrolments('3', 4, 1)];
  const to = [...enrolments('1', 6, 4), ...enrolments('2', 3, 1)];
  const row = (rows: ReturnType<typeof progressOverTime>, id: string) => rows.find((r) => r.courseId === id)!;

  it('a course new since a sync that listed every course starts from 0; one whose list did not finish is unknown', () => {
    const rows = progressOverTime(courses, from, to, new Set(['cp']), [], {
      from: cover(true, ['1', '3']),
      to: cover(true, ['1', '2'], ['3']),
    });
    expect(row(rows, '1')).toMatchObject({ enrolledFrom: 6, enrolledTo: 6, newCompletions: 2, notRead: { from: false, to: false } });
    expect(row(rows, '2')).toMatchObject({ enrolledFrom: 0, enrolledTo: 3, newCompletions: 1, notRead: { from: false, to: false } });
    expect(row(rows, '3')).toMatchObject({ enrolledFrom: 4, enrolledTo: null, newCompletions: null, notRead: { from: false, to: true } });
  });

  it('a sync whose course list was refused or cut short knows no course it did not read', () => {
    const rows = progressOverTime(courses, from, to, new Set(['cp']), [], { from: cover(false, ['1']), to: cover(true, ['1', '2', '3']) });
    expect(row(rows, '1').enrolledFrom).toBe(6);
    expect(row(rows, '2')).toMatchObject({ enrolledFrom: null, newCompletions: null, notRead: { from: true, to: false } });
    expect(row(rows, '3')).toMatchObject({ enrolledFrom: null, enrolledTo: 0, notRead: { from: true, to: false } });
  });
});
