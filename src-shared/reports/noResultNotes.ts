// Learners a Coursepath course lists whose result answered 404 (src-main/sync/coursepathSync.ts
// `noResult`): removed from the course while the sync read it, or — not known on the real LMS — someone
// it has no result for yet. They are counted as enrolled and not started rather than left out (which
// would raise completion rates on a guess); every report over enrolments says how many.
import { plural } from '../util/plural';
import { REPORT_READS } from './reportReads';
import type { ReportName } from './types';

export interface NoResultCount {
  /** The connection's name, e.g. "Sandbox · Coursepath". */
  source: string;
  learners: number;
  courses: number;
}

export function noResultNotes(report: ReportName, counts: readonly NoResultCount[]): string[] {
  // Only the reports that read Coursepath's course members (Content formats reads courses only).
  if (!REPORT_READS[report].includes('coursepath.courseMembers')) return [];
  return counts
    .filter((c) => c.learners > 0)
    .map((c) => {
      const who =
        c.learners === 1
          ? '1 learner listed in a course'
          : `${c.learners} learners listed in ${plural(c.courses, 'course')}`;
      return (
        `${c.source}: ${who} had no result there (Coursepath answered 404): counted as enrolled, not started. ` +
        `Either they were removed from the course while it was synced (the next sync drops them), or Coursepath ` +
        `keeps no result until a learner starts.`
      );
    });
}
