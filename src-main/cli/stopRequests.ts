// What stops a command that follows a job, a sync or a plan to its end, and the exit code each gives:
// Ctrl+C (SIGINT, 130), SIGTERM (`kill`, a service manager, 143), SIGHUP (the terminal or SSH session
// closed, 129: by default it killed the CLI mid-job, its rows in flight in doubt), and its output closed under it — the
// reader of a pipe stopped reading (`bulk-desk run … 2>&1 | head`, 141 = 128 + SIGPIPE, as the shell
// reports a command cut off by `| head`). Unhandled, a closed pipe's EPIPE killed the CLI mid-job, its
// rows in flight left in doubt; now the job pauses as on SIGTERM. One place for the three, and for a
// second Ctrl+C, which stops a job, a sync or a plan at once without waiting for what is in flight.
import type { Writable } from 'node:stream';
import { EventEmitter } from 'node:events';
import { EXIT } from './io';

export type StopCause = 'SIGINT' | 'SIGTERM' | 'SIGHUP' | 'outputClosed';

const closed = new EventEmitter();
let outputWasClosed = false;

/** The exit code of a command stopped by `cause`. */
export const stopExitCode = (cause: StopCause): number =>
  cause === 'SIGTERM'
    ? EXIT.terminated
    : cause === 'SIGHUP'
      ? EXIT.hangup
      : cause === 'outputClosed'
        ? EXIT.outputClosed
        : EXIT.interrupted;

/**
 * Calls `handler` on the first stop request until the returned function is called. A Ctrl+C after it
 * (the admin asked twice) calls `now`, which stops without waiting for what is in flight, then ends the
 * process with 130; without `now` it is ignored, as any other request after the first is.
 */
export function onStop(handler: (cause: StopCause) => void, now?: () => void): () => void {
  let first = true;
  const on = (cause: StopCause) => {
    if (first) {
      first = false;
      handler(cause);
    } else if (cause === 'SIGINT' && now) {
      now();
      process.exit(EXIT.interrupted);
    }
  };
  const onInt = () => on('SIGINT');
  const onTerm = () => on('SIGTERM');
  const onHup = () => on('SIGHUP');
  const onClosed = () => on('outputClosed');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  process.on('SIGHUP', onHup);
  closed.on('closed', onClosed);
  // Closed before this began to listen (during a preflight, a job's creation): the stop is not missed.
  const early = outputWasClosed ? setImmediate(onClosed) : null;
  return () => {
    if (early) clearImmediate(early);
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
    process.off('SIGHUP', onHup);
    closed.off('closed', onClosed);
  };
}

/** Whether `e` is a write to an output its reader closed. */
export const isClosedOutput = (e: unknown): boolean =>
  outputWasClosed && (e as { code?: unknown } | null)?.code === 'EPIPE';

/**
 * `out` (the process's stdout or stderr) as a stream whose reader may go: its EPIPE (or EIO, a terminal
 * gone) is a stop request, not an uncaught error, and what is written to it afterwards is dropped — the
 * summary and hints still reach the other stream when it is open.
 */
export function closableOutput<T extends Writable>(out: T): T {
  let gone = false;
  out.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE' && e.code !== 'EIO') return;
    gone = true;
    if (outputWasClosed) return;
    outputWasClosed = true;
    closed.emit('closed');
  });
  return new Proxy(out, {
    get(target, prop) {
      if (prop === 'write')
        return (...args: unknown[]) => {
          if (!gone) return (target.write as (...a: unknown[]) => boolean)(...args);
          const cb = args.find((a) => typeof a === 'function') as (() => void) | undefined;
          if (cb) process.nextTick(cb);
          return true;
        };
      const v: unknown = Reflect.get(target, prop, target);
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}
