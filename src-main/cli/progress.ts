// Runs a started job to its end in this process and shows progress on stderr. The CLI is the process
// that sends the requests (there is no background service), so it waits; Ctrl+C pauses the job —
// requests in flight finish and are recorded — and the job can be resumed later from the CLI or the app.
import type { JobEventKind, JobProgress, JobSummary } from '../../src-shared/contract/api';
import type { Services } from '../services';
import { cliCommand, pasteable } from '../services/dataDir';
import { clearLine, EXIT, type CliIo } from './io';
import { onStop, stopExitCode, type StopCause } from './stopRequests';

/** Events worth a line while the job runs. */
const TOLD: ReadonlySet<JobEventKind> = new Set(['throttled', 'slowed', 'failed', 'inDoubt', 'paused']);
/** Of those, the kinds that name their rows: said again as more rows fold in. */
const PER_ROW: ReadonlySet<JobEventKind> = new Set(['failed', 'inDoubt']);
const GROWN_EVERY_MS = 5000;

export async function followJob(
  s: Services,
  io: CliIo,
  jobId: string,
): Promise<{ summary: JobSummary; code: number }> {
  const tty = io.stderr.isTTY === true;
  let lastLineAt = 0;
  let last: JobProgress | null = null;
  /** The latest event said, by seq. */
  let said = 0;
  const show = (p: JobProgress, force = false) => {
    const now = Date.now();
    if (!force && now - lastLineAt < (tty ? 200 : 2000)) return;
    lastLineAt = now;
    const line = progressLine(p);
    if (tty) clearLine(io.stderr);
    io.stderr.write(tty ? line : `${line}\n`);
  };
  /** Rows that failed (or went in doubt) since their event was said: the event as it stands, said later. */
  const grown = new Map<number, string>();
  let grownSaidAt = 0;
  const say = (message: string) => {
    if (tty) clearLine(io.stderr);
    io.stderr.write(`  ${pasteable(message, s.dataDir)}\n`);
  };
  const sayGrown = () => {
    grownSaidAt = Date.now();
    for (const message of grown.values()) say(message);
    grown.clear();
  };
  const unsubscribe = s.events.subscribe((msg) => {
    // Why the pace changed, or rows failed, in words, as it happens (the first of each; repeats fold into
    // it: `bulk-desk jobs events` has the counts).
    if (msg.event === 'job:event') {
      const e = msg.payload;
      if (e.jobId !== jobId || !TOLD.has(e.kind)) return;
      if (e.seq <= said) {
        // More rows folded into an event already said ("Rows 2, 3 and 5 failed"): said again as it stands,
        // at most every few seconds and at the end, so every row that failed is named.
        if (e.count > 1 && PER_ROW.has(e.kind)) grown.set(e.seq, e.message);
        if (grown.size && Date.now() - grownSaidAt >= GROWN_EVERY_MS) {
          sayGrown();
          if (last) show(last, true);
        }
        return;
      }
      // (A repeat of a row already said may fold without counting: the same event again, not said twice.)
      if (e.count !== 1) return;
      if (grown.size) sayGrown(); // the rows that joined an earlier event, before the new one
      said = e.seq;
      say(e.message);
      if (last) show(last, true);
      return;
    }
    if (msg.event !== 'job:progress') return;
    const p = msg.payload as JobProgress; // EventMessage is not a discriminated union; the name decides
    if (p.jobId !== jobId) return;
    last = p;
    show(p);
  });

  /** What paused the job: a signal, or its output closed (its exit code says which). */
  let interrupted: StopCause | null = null;
  const onSignal = (signal: StopCause) => {
    interrupted = signal;
    io.stderr.write(
      `\n${signal === 'outputClosed' ? 'The output was closed (its reader stopped). ' : ''}Pausing: letting requests in flight finish… (Ctrl+C again stops without waiting)\n`,
    );
    void s.runner.pause(jobId);
  };
  // Ctrl+C again: stop waiting. The admin asked twice to stop, so the job ends paused (not interrupted,
  // as after a crash), its rows in flight in doubt: the resume settles them as after a crash (a
  // lookup, a resend if idempotent, or the admin). The process then ends with 130 (stopRequests.ts).
  const stopNow = () => {
    io.stderr.write('\nStopping now without waiting for the answers.\n');
    try {
      const summary = s.runner.stopWithoutAnswers(jobId);
      if (summary.stopReason) io.stderr.write(`${pasteable(summary.stopReason.message, s.dataDir)}\n`);
      io.stderr.write(`Job ${jobId} paused. Resume with: ${cliCommand(`jobs resume ${jobId}`, s.dataDir)}\n`);
    } catch (e) {
      // The database took nothing: the rows stay `sending`, and the next start finds them in doubt.
      io.stderr.write(
        `The pause could not be saved (${e instanceof Error ? e.message : String(e)}): the rows in flight will be in doubt, and the job interrupted, when Bulk Desk next starts.\n`,
      );
    }
  };
  const stopListening = onStop(onSignal, stopNow);
  try {
    const summary = await s.runner.whenSettled(jobId);
    if (grown.size) sayGrown();
    if (last) show({ ...(last as JobProgress), counts: summary.counts, state: summary.state }, true);
    if (tty) io.stderr.write('\n');
    const c = summary.counts;
    const k = summary.skipReasons;
    // Duplicates and rows already sent were skipped on purpose; only invalid rows need fixing.
    const why = [
      k.duplicate && `${k.duplicate} duplicate${k.duplicate === 1 ? '' : 's'}`,
      k.alreadySent && `${k.alreadySent} already sent`,
      k.invalid && `${k.invalid} invalid`,
      k.plan && `${k.plan} not sent per the plan`,
    ].filter(Boolean);
    io.stderr.write(
      `Job ${jobId} ${summary.state}: ${c.succeeded} succeeded, ${c.failed} failed, ${c.skipped} skipped` +
        (why.length && !summary.options.dryRun ? ` (${why.join(', ')})` : '') +
        (c.in_doubt ? `, ${c.in_doubt} in doubt` : '') +
        (c.blocked ? `, ${c.blocked} blocked by a failed step` : '') +
        (c.waiting ? `, ${c.waiting} waiting for an earlier step` : '') +
        (c.sending ? `, ${c.sending} sent without a saved answer` : '') +
        (c.pending + c.retry_wait ? `, ${c.pending + c.retry_wait} not sent yet` : '') +
        '\n',
    );
    // Where automatic concurrency ended and why (the admin's pinned number says so too).
    const inFlight = (last as JobProgress | null)?.concurrency;
    if (inFlight && !summary.options.dryRun)
      io.stderr.write(
        `Requests in flight: ${inFlight.limit} (${inFlight.mode === 'auto' ? 'automatic' : 'pinned'}; ${inFlight.reason})\n`,
      );
    // Why the app (not the admin) stopped it: a circuit breaker, the canary, a read-back, a storage fault…
    if (summary.stopReason) {
      const message = pasteable(summary.stopReason.message, s.dataDir);
      io.stderr.write(
        summary.state === 'paused' ? `Paused (${summary.stopReason.kind}): ${message}\n` : `${message}\n`,
      );
    }
    // The commands to paste next: with --data-dir when this run used another folder than the default.
    const again = (command: string) => cliCommand(command, s.dataDir);
    // In-doubt rows may well have reached the LMS: never mixed with the failed rows to fix and resend. A
    // recipe job's are items (a step of a row each), as its other counts are.
    const doubt = c.in_doubt + c.sending;
    if (doubt) {
      const unit = summary.recipe ? 'item' : 'row';
      io.stderr.write(
        `${doubt} ${doubt === 1 ? `${unit} is` : `${unit}s are`} in doubt: ${again(`jobs in-doubt ${jobId}`)}\n`,
      );
    }
    const toFix = c.failed + k.invalid;
    if (toFix > 0 && summary.recipe) {
      // A recipe: fix the cells (or sync the catalog), then rerun from the failed steps.
      io.stderr.write(`Failed steps, after fixing their cause: ${again(`jobs retry-failed ${jobId}`)}\n`);
    } else if (toFix > 0) {
      // The export takes both (`--only failed`: failed and invalid rows); the line says which there are.
      const which = [c.failed ? `${c.failed} failed` : '', k.invalid ? `${k.invalid} invalid` : '']
        .filter(Boolean)
        .join(', ');
      io.stderr.write(
        `Rows not through (${which}), ready to fix and import again: ${again(`jobs export ${jobId} --only failed --out failed.csv`)}\n`,
      );
    }
    if (summary.state === 'paused' || summary.state === 'interrupted') {
      io.stderr.write(`Resume with: ${again(`jobs resume ${jobId}`)}\n`);
    }
    // 0 only for a completed job with every row through (or skipped on purpose): paused by Ctrl+C is 130
    // (by SIGTERM 143, SIGHUP 129, by its output closing 141), paused by the app for a decision (a breaker, the canary, a read-back) 3; anything
    // else that did not complete is 1.
    if (summary.state === 'paused' && !summary.stopReason && interrupted)
      return { summary, code: stopExitCode(interrupted) };
    if (summary.state === 'paused' && summary.stopReason) return { summary, code: EXIT.paused };
    if (summary.state !== 'completed') return { summary, code: EXIT.failed };
    if (toFix + doubt > 0) return { summary, code: EXIT.failed };
    return { summary, code: EXIT.ok };
  } finally {
    unsubscribe();
    stopListening();
  }
}

/**
 * The progress line. `in flight`: what is out now, the limit beside it while running; `sent/s`: the job's
 * own sends answered per second (what the rate meter counts: a read before a write, for undo, is not in it).
 */
export function progressLine(p: JobProgress): string {
  const c = p.counts;
  const done = c.succeeded + c.failed + c.skipped + c.blocked;
  const pct = c.total ? Math.floor((done / c.total) * 100) : 100;
  const eta = p.etaMs === null ? '' : ` · ETA ${formatDuration(p.etaMs)}`;
  const k = p.state === 'running' ? p.concurrency : null;
  const limit = k ? ` (up to ${k.limit}${k.mode === 'auto' ? ', auto' : ''})` : '';
  const inFlight = p.concurrency || p.inFlight ? ` · ${p.inFlight} in flight${limit}` : '';
  return `${p.state} ${done}/${c.total} (${pct}%) · ${c.succeeded} ok · ${c.failed} failed · ${c.skipped} skipped · ${p.ratePerSecond.toFixed(1)} sent/s${inFlight}${eta}`;
}

export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}
