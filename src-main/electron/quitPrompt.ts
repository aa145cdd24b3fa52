// What Bulk Desk asks when the admin quits while jobs are sending. Quitting then is safe (the services stop
// each job as a pause would: requests in flight finish and are saved, the job waits in History as
// interrupted, "Bulk Desk was closed while this job was sending"), but it stops work the admin may have
// left running on purpose, so it asks once, naming the jobs, with "Keep sending" as the default. Pure,
// unit-tested; main.ts shows it with Electron's dialog.
import type { ItemCounts } from '../../src-shared/contract/api';
import { done } from './jobNotice';

export interface SendingJob {
  /** e.g. "users.csv → Coursepath: create member" */
  label: string;
  counts: ItemCounts;
}

export interface QuitPrompt {
  type: 'question';
  title: string;
  message: string;
  detail: string;
  buttons: [string, string];
  /** The button that quits; the other (the default, and Escape) keeps sending. */
  quitId: 1;
  defaultId: 0;
  cancelId: 0;
}

const SHOWN = 3;

/** The question for `jobs` (those running now), or null when nothing is sending: quit at once. */
export function quitPrompt(jobs: readonly SendingJob[]): QuitPrompt | null {
  if (jobs.length === 0) return null;
  const lines = jobs.slice(0, SHOWN).map((j) => `• ${j.label}: ${rowsDone(j.counts)}`);
  if (jobs.length > SHOWN) lines.push(`• and ${jobs.length - SHOWN} more`);
  return {
    type: 'question',
    title: 'Bulk Desk',
    message:
      jobs.length === 1
        ? 'A job is still sending. Quit anyway?'
        : `${jobs.length} jobs are still sending. Quit anyway?`,
    detail:
      `${lines.join('\n')}\n\n` +
      'If you quit, the requests in flight finish and their answers are saved, and nothing more is sent. ' +
      `${jobs.length === 1 ? 'The job waits' : 'The jobs wait'} in History as interrupted; resume when you open Bulk Desk again.`,
    buttons: ['Keep sending', 'Quit and stop sending'],
    quitId: 1,
    defaultId: 0,
    cancelId: 0,
  };
}

function rowsDone(c: ItemCounts): string {
  return `${done(c).toLocaleString('en-US')} of ${c.total.toLocaleString('en-US')} rows done`;
}
