// Average and distribution of scores per course. Every enrolment with a score counts (Coassemble gives
// one on completion; Coursepath with the result). Ten bins of ten points; 100 falls in the last.
import { courseKey, type SourceRef, type SyncedData } from './types';
import { bySourceThen, maxOf, mean, median, minOf, round } from './stats';

export const SCORE_BINS = ['0–9', '10–19', '20–29', '30–39', '40–49', '50–59', '60–69', '70–79', '80–89', '90–100'];

export function scoreBin(score: number): number {
  return Math.min(9, Math.max(0, Math.floor(score / 10)));
}

export interface ScoreRow extends SourceRef {
  courseId: string;
  title: string;
  count: number;
  average: number | null;
  median: number | null;
  min: number | null;
  max: number | null;
  /** Count per bin of SCORE_BINS. */
  distribution: number[];
}

export function scores(data: Pick<SyncedData, 'courses' | 'enrolments'>): ScoreRow[] {
  const byCourse = new Map<string, number[]>();
  for (const e of data.enrolments) {
    if (e.score === null) continue;
    const k = courseKey(e.connectionId, e.courseId);
    const list = byCourse.get(k) ?? [];
    list.push(e.score);
    byCourse.set(k, list);
  }
  return data.courses
    .map((c) => {
      const s = byCourse.get(courseKey(c.connectionId, c.courseId)) ?? [];
      const distribution = SCORE_BINS.map(() => 0);
      for (const v of s) distribution[scoreBin(v)]!++;
      return {
        connectionId: c.connectionId,
        source: c.source,
        api: c.api,
        courseId: c.courseId,
        title: c.title,
        count: s.length,
        average: round(mean(s), 1),
        median: round(median(s), 1),
        min: minOf(s),
        max: maxOf(s),
        distribution,
      };
    })
    .sort(bySourceThen((r) => r.title));
}

/** All scores of the given rows in one histogram (the chart under the table). */
export function scoreHistogram(rows: readonly ScoreRow[]): number[] {
  const total = SCORE_BINS.map(() => 0);
  for (const r of rows) r.distribution.forEach((n, i) => (total[i]! += n));
  return total;
}
