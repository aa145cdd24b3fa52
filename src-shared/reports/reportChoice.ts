// The admin's choices on Reports, kept with the desk (desk.save's `reportChoice`), read against what is
// synced now: a course or a sync run chosen before may be gone since (a new sync, a connection removed).
import type { ReportChoice } from '../contract/dto/desk';
import type { SyncRunSummary } from '../sync/types';
import type { CourseOption } from './types';

/**
 * What to change so only courses and sync runs still synced stay chosen: one gone is dropped (a run gone
 * leaves that date at its default), and the report is built from those left. A null list was not read
 * this time: what was chosen from it stays. Empty when nothing changes.
 */
export function stillThere(
  c: Pick<ReportChoice, 'complianceKeys' | 'fromRunId' | 'toRunId'>,
  courses: readonly Pick<CourseOption, 'key'>[] | null,
  runs: readonly Pick<SyncRunSummary, 'id'>[] | null,
): Partial<Pick<ReportChoice, 'complianceKeys' | 'fromRunId' | 'toRunId'>> {
  const patch: Partial<Pick<ReportChoice, 'complianceKeys' | 'fromRunId' | 'toRunId'>> = {};
  if (courses) {
    const keys = c.complianceKeys.filter((k) => courses.some((x) => x.key === k));
    if (keys.length !== c.complianceKeys.length) patch.complianceKeys = keys;
  }
  if (runs) {
    if (c.fromRunId !== null && !runs.some((r) => r.id === c.fromRunId)) patch.fromRunId = null;
    if (c.toRunId !== null && !runs.some((r) => r.id === c.toRunId)) patch.toRunId = null;
  }
  return patch;
}
