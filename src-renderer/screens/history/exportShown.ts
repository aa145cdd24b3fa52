// What History says of an export under the job open: one export runs at a time (its buttons are off under
// every job meanwhile), but what it says — running, saved, stopped — belongs to its own job. Under that job:
// "Exporting… 10 items" in that job's unit (its failed-rows file counts rows); under another, that another
// job's export runs, named, so the buttons being off has its reason. Its file and its error, its job only.
import type { AppErrorShape } from '../../../src-shared/contract/errors';
import { plural } from '../../../src-shared/util/plural';
import type { ExportState } from '../../stores/exportState';

export interface ExportShown {
  /** An export runs (of any job): the export buttons wait for it. */
  busy: boolean;
  running: string | null;
  lastFile: string | null;
  error: AppErrorShape | null;
}

export function exportShown(e: ExportState, openJobId: string | null): ExportShown {
  const own = e.jobId !== null && e.jobId === openJobId;
  const count = plural(e.written, e.running === 'failed' ? 'row' : e.unit);
  return {
    busy: e.running !== null,
    running: !e.running
      ? null
      : own
        ? `Exporting… ${count}`
        : `Exporting another job${e.label ? ` (${e.label})` : ''}… ${count}`,
    lastFile: own ? e.lastFile : null,
    error: own ? e.error : null,
  };
}
