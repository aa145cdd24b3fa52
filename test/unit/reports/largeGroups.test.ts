// A course (or a cohort month) with more results than a JavaScript call takes arguments: min and max were
// taken as Math.min(...values), which throws "Maximum call stack size exceeded" past ~125,000 values, so
// the scores and time-to-completion reports of a large academy failed with that message instead of figures.
import { describe, expect, it } from 'vitest';
import { scores } from '../../../src-shared/reports/scores';
import { maxOf, minOf } from '../../../src-shared/reports/stats';
import { timeToCompletion } from '../../../src-shared/reports/timeToCompletion';
import type { CourseRow, EnrolmentRow } from '../../../src-shared/reports/types';

const N = 300_000;
const course: CourseRow = { connectionId: 'c', source: 'Acme', api: 'coursepath', courseId: '1', title: 'Safety', status: null };
const HOUR = 3_600_000;
const START = Date.UTC(2026, 2, 1);

function enrolments(): EnrolmentRow[] {
  const out: EnrolmentRow[] = [];
  for (let i = 0; i < N; i++)
    out.push({
      connectionId: 'c',
      courseId: '1',
      learnerId: String(i),
      startedAt: START,
      completedAt: START + (1 + (i % 50)) * HOUR,
      progress: 100,
      score: i % 101,
      passed: null,
    });
  return out;
}

describe('reports over groups larger than a call takes arguments', () => {
  const data = { courses: [course], learners: [], enrolments: enrolments(), screens: [] };

  it('scores: min and max of 300,000 scores in one course', () => {
    const [row] = scores(data);
    expect(row).toMatchObject({ count: N, min: 0, max: 100 });
  });

  it('time to completion: per course and per cohort month', () => {
    for (const by of ['course', 'cohort'] as const) {
      const [row] = timeToCompletion(data, by);
      expect(row, by).toMatchObject({ completions: N, minHours: 1, maxHours: 50 });
    }
  });

  it('minOf and maxOf: null for none', () => {
    expect(minOf([])).toBeNull();
    expect(maxOf([3, -2, 7])).toBe(7);
    expect(minOf([3, -2, 7])).toBe(-2);
  });
});
