// Why a job stopped by itself, in the words its stop reason carries: a database fault (kind `storage`,
// worded by ../db/storageErrors.ts) or a bug (`internal`); which answers came back but could not be
// saved; and how many rows that were in flight it leaves in doubt, or that it left none.
import { describeStorageFault, storageFaultKind } from '../db/storageErrors';
import type { PauseReason } from './activeJobSetup';

export interface FaultFacts {
  /** Rows whose answers came back but were not saved: their number and, when there was one, the HTTP status. */
  unsaved: readonly { rowNumber: number; status: number | null }[];
  /** Rows still `sending` when the job's end is written: they are turned in doubt. */
  inDoubt: number;
  /** The database file, named in a storage fault's words. */
  file: string;
}

export function faultReason(e: unknown, f: FaultFacts): PauseReason {
  const rows = f.unsaved.map((r) => `${r.rowNumber}${r.status === null ? '' : ` (HTTP ${r.status})`}`);
  const unsaved = rows.length
    ? ` Answers came back for row${rows.length > 1 ? 's' : ''} ${rows.slice(0, 10).join(', ')}${rows.length > 10 ? ` and ${rows.length - 10} more` : ''} but could not be saved.`
    : '';
  const one = f.inDoubt === 1;
  const doubt = f.inDoubt
    ? ` ${f.inDoubt} row${one ? '' : 's'} that ${one ? 'was' : 'were'} in flight ${one ? 'is' : 'are'} in doubt: look at ${one ? 'it' : 'them'} before sending ${one ? 'it' : 'them'} again.`
    : ' No row was left in doubt: every answer that came back was saved.';
  if (storageFaultKind(e))
    return {
      kind: 'storage',
      message: `Stopped: ${describeStorageFault(e, f.file)}${unsaved}${doubt} Then resume the job.`,
    };
  const message = e instanceof Error ? e.message : String(e);
  return {
    kind: 'internal',
    message: `Stopped by an internal error: ${message}.${unsaved}${doubt} Resume the job to carry on.`,
  };
}

/** The fault in one log line (logged once per job, however often its reason is worded). */
export function faultLogLine(jobId: string, e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  return `job ${jobId} stopped by ${storageFaultKind(e) ? 'a storage fault' : 'an internal error'}: ${message}`;
}
