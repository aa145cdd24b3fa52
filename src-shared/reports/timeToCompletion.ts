// Time to completion: completed minus started, for every enrolment that has both (a completion stamped
// before its start is left out as bad data). Grouped per course, or per cohort: the month (UTC) the
// learner started, across courses, to see whether later starters finish faster.
import { catalogOf } from './catalog';
import { courseKey, type SyncedData } from './types';
import { HOUR, maxOf, mean, median, minOf, monthOf, round } from './stats';

export interface TimeToCompletionRow {
  /** Course title (with its source) or the cohort month, e.g. `2026-03`. */
  group: string;
  source: string | null;
  courseId: string | null;
  completions: number;
  averageHours: number | null;
  medianHours: number | null;
  minHours: number | null;
  maxHours: number | null;
}

type GroupKey = Pick<TimeToCompletionRow, 'group' | 'source' | 'courseId'>;

export function timeToCompletion(data: SyncedData, by: 'course' | 'cohort'): TimeToCompletionRow[] {
  const cat = catalogOf(data);
  const groups = new Map<string, { row: GroupKey; hours: number[] }>();
  for (const e of data.enrolments) {
    if (e.startedAt === null || e.completedAt === null || e.completedAt < e.startedAt) continue;
    const hours = (e.completedAt - e.startedAt) / HOUR;
    let k: string;
    let row: GroupKey;
    if (by === 'course') {
      const course = cat.course(e.connectionId, e.courseId);
      k = courseKey(e.connectionId, e.courseId);
      row = { group: course?.title ?? `course ${e.courseId}`, source: course?.source ?? e.connectionId, courseId: e.courseId };
    } else {
      k = monthOf(e.startedAt);
      row = { group: k, source: null, courseId: null };
    }
    const g = groups.get(k) ?? { row, hours: [] };
    g.hours.push(hours);
    groups.set(k, g);
  }
  const rows = [...groups.values()].map(({ row, hours }) => ({
    ...row,
    completions: hours.length,
    averageHours: round(mean(hours), 1),
    medianHours: round(median(hours), 1),
    minHours: round(minOf(hours), 1),
    maxHours: round(maxOf(hours), 1),
  }));
  return rows.sort((a, b) => (a.source ?? '').localeCompare(b.source ?? '') || a.group.localeCompare(b.group));
}
