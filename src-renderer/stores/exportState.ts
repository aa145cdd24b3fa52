// The export store's state (./exportStore.ts): what runs, how far, and of which job. Apart from the store so
// what reads it (History's exportShown, its tests) need not load the store's calls and the DOM.
import type { AppErrorShape } from '../../src-shared/contract/errors';

export type ExportKind = 'results' | 'failed' | 'json';

export interface ExportState {
  running: ExportKind | null;
  /** Rows written so far. */
  written: number;
  error: AppErrorShape | null;
  lastFile: string | null;
  /** The job the export (running, saved or stopped) is of: History says it under that job only. */
  jobId: string | null;
  /** What that job counts (a recipe job's items, a step of a row each), and how it is named under another job. */
  unit: 'row' | 'item';
  label: string | null;
}

export const initialExportState: ExportState = {
  running: null,
  written: 0,
  error: null,
  lastFile: null,
  jobId: null,
  unit: 'row',
  label: null,
};
