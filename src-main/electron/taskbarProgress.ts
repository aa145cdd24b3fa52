// The running jobs' progress on the taskbar button (Windows), the dock icon (macOS) or the launcher
// (Unity and KDE on Linux), as BrowserWindow.setProgressBar takes it: rows with an outcome over all rows of
// the jobs still going; paused when none of them is running; removed when none is left. Pure, unit-tested.
import type { JobProgress } from '../../src-shared/contract/api';
import { done } from './jobNotice';

export interface TaskbarProgress {
  /** 0..1, or -1 to remove the bar. */
  value: number;
  mode: 'none' | 'normal' | 'paused';
}

export const NO_PROGRESS: TaskbarProgress = Object.freeze({ value: -1, mode: 'none' });

/** The bar for the latest progress of every job main has seen. */
export function taskbarProgress(jobs: Iterable<JobProgress>): TaskbarProgress {
  let total = 0;
  let finished = 0;
  let running = false;
  let any = false;
  for (const p of jobs) {
    if (p.state !== 'running' && p.state !== 'paused') continue;
    any = true;
    running ||= p.state === 'running';
    total += p.counts.total;
    finished += done(p.counts);
  }
  if (!any) return NO_PROGRESS;
  const value = total > 0 ? Math.min(1, finished / total) : 0;
  return { value: Math.round(value * 1000) / 1000, mode: running ? 'normal' : 'paused' };
}
