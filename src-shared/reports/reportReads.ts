// The synced lists each report reads: which lists a report's notes speak of (a list the LMS would not
// give, ./unavailableNotes.ts; learners without a result, ./noResultNotes.ts).
import type { SyncEntity } from '../sync/types';
import type { ReportName } from './types';

/** The synced lists each report reads. */
export const REPORT_READS: Record<ReportName, readonly SyncEntity[]> = {
  completionRate: [
    'coassemble.courses',
    'coassemble.trackings',
    'coursepath.courses',
    'coursepath.courseMembers',
  ],
  startedNotFinished: [
    'coassemble.courses',
    'coassemble.trackings',
    'coassemble.users',
    'coursepath.courses',
    'coursepath.courseMembers',
    'coursepath.members',
  ],
  scores: ['coassemble.courses', 'coassemble.trackings', 'coursepath.courses', 'coursepath.courseMembers'],
  timeToCompletion: [
    'coassemble.courses',
    'coassemble.trackings',
    'coursepath.courses',
    'coursepath.courseMembers',
  ],
  compliance: [
    'coassemble.courses',
    'coassemble.trackings',
    'coassemble.users',
    'coassemble.clients',
    'coursepath.courses',
    'coursepath.courseMembers',
    'coursepath.members',
    'coursepath.groups',
    'coursepath.groupMembers',
  ],
  contentFormats: ['coassemble.courses', 'coassemble.screenTypes'],
  progressOverTime: [
    'coassemble.courses',
    'coassemble.trackings',
    'coursepath.courses',
    'coursepath.courseMembers',
  ],
};
