// A connection whose latest sync did not finish (it failed, was stopped, or is still running): the store
// holds what that sync read before it stopped, so its figures are partial. Each report says so, first,
// naming the connection, when, what the figures are, and what to do.
//  - After an earlier complete sync, nothing has been removed: the rows the unfinished sync did not reach
//    are still that complete sync's, and the pages it did read are written over them.
//  - On a first sync, what it never reached is missing: a course whose trackings were not read shows
//    nobody enrolled.
// "Progress between two dates" compares complete syncs only, so it says the unfinished one is left out.
import { formatDateTime } from '../util/dates';
import type { ReportName } from './types';

export interface UnfinishedSync {
  /** The connection's name, e.g. "Sandbox · Coassemble". */
  source: string;
  state: 'running' | 'failed' | 'interrupted';
  startedAt: number;
  /** When it stopped; null while it runs. */
  finishedAt: number | null;
  /** When the connection's last complete sync finished; null if it never had one. */
  lastCompletedAt: number | null;
}

const AGAIN = 'Sync again to finish it (Reports → Sync now, or bulk-desk sync run).';

export function unfinishedSyncNotes(report: ReportName, syncs: readonly UnfinishedSync[]): string[] {
  return syncs.map((s) => {
    const which = s.lastCompletedAt === null ? 'its first sync' : 'its latest sync';
    const what =
      s.state === 'running'
        ? `${which} is still running (started ${formatDateTime(s.startedAt)})`
        : s.state === 'failed'
          ? `${which} failed at ${formatDateTime(s.finishedAt ?? s.startedAt)}`
          : `${which} was stopped at ${formatDateTime(s.finishedAt ?? s.startedAt)} before it finished`;
    const next = s.state === 'running' ? 'Wait for it to finish.' : AGAIN;
    if (report === 'progressOverTime')
      return `${s.source}: ${what}. This comparison uses complete syncs only and leaves that one out. ${next}`;
    const figures =
      s.lastCompletedAt === null
        ? 'Its figures are partial: what it had not read yet is missing (a course whose trackings or results were not read shows nobody enrolled).'
        : `These figures are from the complete sync of ${formatDateTime(s.lastCompletedAt)}, with the pages the unfinished sync read written over them, so they may mix the two.`;
    return `${s.source}: ${what}. ${figures} ${next}`;
  });
}
