// Follows `job:progress` for the desktop: the taskbar/dock progress (taskbarProgress.ts) and an OS
// notification when a job finishes, pauses or needs a decision while Bulk Desk is in the background
// (jobNotice.ts). The Electron side is passed in (main.ts: Notification, BrowserWindow.setProgressBar), so
// this is plain TypeScript, unit-tested with recorders in its place.
import type { EventMessage, JobProgress, JobState } from '../../src-shared/contract/api';
import { jobNotice, type JobNotice } from './jobNotice';
import { NO_PROGRESS, taskbarProgress, type TaskbarProgress } from './taskbarProgress';

export interface JobWatcherDeps {
  /** Whether a Bulk Desk window has the focus (then the screen itself shows what happened). */
  focused(): boolean;
  notify(notice: JobNotice): void;
  setProgress(progress: TaskbarProgress): void;
  /** Names the job for a notice ("users.csv → Coursepath: create member"); may fail. */
  label(jobId: string): Promise<string>;
  log(line: string): void;
}

const ENDED: ReadonlySet<JobState> = new Set(['completed', 'cancelled', 'interrupted']);
/** Last states kept for jobs that ended (a repeated final event must not notify twice); oldest go first. */
const REMEMBERED = 500;

export class JobWatcher {
  /** The latest progress of each job still going (for the bar). */
  private readonly latest = new Map<string, JobProgress>();
  /** The last state seen of every recent job, ended ones included. */
  private readonly states = new Map<string, JobState>();
  private shown: TaskbarProgress = NO_PROGRESS;

  constructor(private readonly deps: JobWatcherDeps) {}

  /** Feed every event from the services' event bus. Resolves once any notice is out (for tests). */
  async onEvent(msg: EventMessage): Promise<void> {
    if (msg.event !== 'job:progress') return;
    const p = msg.payload;
    const previous = this.states.get(p.jobId);
    this.states.delete(p.jobId); // re-inserted last: the map's order is the order of last activity
    this.states.set(p.jobId, p.state);
    if (this.states.size > REMEMBERED) this.states.delete(this.states.keys().next().value!);
    if (ENDED.has(p.state)) this.latest.delete(p.jobId);
    else this.latest.set(p.jobId, p);
    this.updateProgress();
    if (previous === p.state || this.deps.focused()) return;
    const label = await this.deps.label(p.jobId).catch(() => 'A job');
    const notice = jobNotice(previous, p, label);
    if (!notice) return;
    try {
      this.deps.notify(notice);
    } catch (e) {
      this.deps.log(`notification failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  private updateProgress(): void {
    const next = taskbarProgress(this.latest.values());
    if (next.value === this.shown.value && next.mode === this.shown.mode) return;
    this.shown = next;
    this.deps.setProgress(next);
  }
}
