// What a command may touch besides the services: its three streams and the exit code it returns.
// Commands write results to stdout (so `> file` and pipes get only data) and everything a person
// watches (progress, hints) to stderr.
import type { Readable, Writable } from 'node:stream';
import type StringWidth from 'string-width';
import { AppError } from '../../src-shared/contract/errors';
import { showControls, showControlsInText } from '../../src-shared/util/showControls';
import type { Input, Method, Output } from '../../src-shared/contract/api';
import type { Services } from '../services';
import { CLI_CALLER } from '../transport/callerContext';
import { lazyRequire } from '../services/lazyRequire';

/** Loaded with the first table: `--help` and the commands that print none never need it. */
const widthOf = lazyRequire<typeof StringWidth>('string-width');

export interface CliIo {
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable & { isTTY?: boolean };
  stdin: Readable;
}

/** Exit codes, documented in `bulk-desk --help`. */
export const EXIT = {
  ok: 0,
  /** The command ran but rows failed (run, jobs resume/retry-failed), or the command itself failed. */
  failed: 1,
  /**
   * Wrong flags or arguments, a destructive operation without its confirmation phrase, or a job whose
   * connection now points at another LMS than the one it was made for: nothing was sent.
   */
  usage: 2,
  /** The app paused the job for a decision (a circuit breaker, the canary, a read-back mismatch): the
   * reason is printed; resume when ready. */
  paused: 3,
  /** Stopped by Ctrl+C (SIGINT); the job is paused and can be resumed. */
  interrupted: 130,
  /** Stopped by SIGTERM (`kill`, a service manager): as Ctrl+C, told apart by the code (128 + 15). */
  terminated: 143,
  /**
   * Its output closed before it was all written: the reader of a pipe stopped (`| head`). Nothing more is
   * written; a job it followed is paused as on SIGTERM (128 + SIGPIPE, as the shell reports it).
   */
  outputClosed: 141,
  /** Its terminal or SSH session closed (SIGHUP): as SIGTERM, told apart by the code (128 + 1). */
  hangup: 129,
} as const;

/** A mistake in how the CLI was called: printed with the command's usage, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

const RAW = Symbol('raw stream');

/**
 * `out` with every control character in the text written to it shown as its escape (`\x1b`), newlines and
 * tabs aside: messages quote cells, names and answers from outside, and an escape sequence in one would
 * clear the screen or retitle the terminal. One place for every message instead of each message's own
 * care. Bytes (a zip) go through as they are; the CLI's own controls go through `terminalControl`.
 */
export function terminalSafe<T extends Writable>(out: T): T {
  return new Proxy(out, {
    get(target, prop) {
      if (prop === RAW) return target;
      if (prop === 'write')
        return (chunk: unknown, ...rest: unknown[]) =>
          (target.write as (...a: unknown[]) => boolean)(
            typeof chunk === 'string' ? showControlsInText(chunk) : chunk,
            ...rest,
          );
      const v: unknown = Reflect.get(target, prop, target);
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

/** Writes a terminal control sequence of the CLI's own (a progress line redrawn) past `terminalSafe`. */
export function terminalControl(out: Writable, sequence: string): void {
  ((out as Writable & { [RAW]?: Writable })[RAW] ?? out).write(sequence);
}

/** Back to the start of the line, cleared: a progress line drawn again in place. */
export const clearLine = (out: Writable) => terminalControl(out, '\r\x1b[2K');

/** Calls a contract method through the same dispatch (validation included) as the UI's transports. */
export async function call<M extends Method>(s: Services, method: M, input: Input<M>): Promise<Output<M>> {
  const r = await s.dispatch(method, input, CLI_CALLER); // the admin typed these paths: kept as given
  if (!r.ok) throw new AppError(r.error.code, r.error.message, r.error.details);
  return r.value as Output<M>;
}

/** Writes and waits for the stream to drain when its buffer is full (an export of 1M rows stays small). */
export function write(out: Writable, text: string | Uint8Array): Promise<void> | void {
  if (out.write(text)) return;
  return new Promise((resolve, reject) => {
    const onDrain = () => {
      out.off('error', onError);
      resolve();
    };
    const onError = (e: Error) => {
      out.off('drain', onDrain);
      reject(e);
    };
    out.once('drain', onDrain);
    out.once('error', onError);
  });
}

export async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The secret of `--secret-stdin`, without the one line end a pipe or file adds. Piped, it is stdin as it
 * came. On a terminal the terminal would echo it as typed — on screen, in the scrollback, in a shared or
 * recorded session — and, with no prompt, the command would seem to hang: so it asks on stderr and reads
 * one line with echo off (Enter ends it, Ctrl+C or Ctrl+D with nothing typed gives up).
 */
export async function readSecret(io: CliIo): Promise<string> {
  const stdin = io.stdin as Readable & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };
  if (!stdin.isTTY || typeof stdin.setRawMode !== 'function')
    return (await readAll(stdin)).replace(/\r?\n$/, '');
  // Raw before the prompt shows: a key pressed as soon as it appears is ours to read. The other way
  // round, a Ctrl+C typed in between reached the terminal's line discipline as SIGINT (exit 130, not 2).
  const setRaw = stdin.setRawMode.bind(stdin);
  setRaw(true);
  io.stderr.write('Secret (what you type or paste is not shown; Enter to finish): ');
  return new Promise<string>((resolve, reject) => {
    let typed = '';
    const finish = (then: () => void) => {
      stdin.off('data', onData);
      setRaw(false);
      stdin.pause();
      io.stderr.write('\n');
      then();
    };
    const onData = (chunk: Buffer | string) => {
      for (const ch of typeof chunk === 'string' ? chunk : chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n' || (ch === '\u0004' && typed !== '')) return finish(() => resolve(typed));
        if (ch === '\u0003' || ch === '\u0004')
          return finish(() => reject(new UsageError('no secret entered: nothing was saved')));
        if (ch === '\u007f' || ch === '\b') typed = [...typed].slice(0, -1).join('');
        else if (ch >= ' ') typed += ch;
      }
    };
    stdin.on('data', onData);
    stdin.resume();
  });
}

/**
 * A plain text table: columns padded to their widest cell as the terminal shows it (a CJK character
 * takes two columns, a combining accent none). Cells often hold the LMS's own text, so control
 * characters are shown escaped (showControls): a name with a newline stays on its row.
 */
export function table(header: string[], rows: string[][]): string {
  const shown = [header, ...rows].map((r) => r.map((c) => showControls(c ?? '')));
  const stringWidth = widthOf();
  const widths = header.map((_, i) => shown.reduce((w, r) => Math.max(w, stringWidth(r[i] ?? '')), 0));
  const line = (cells: string[]) =>
    cells
      .map((c, i) =>
        i === cells.length - 1 ? c : c + ' '.repeat(Math.max(0, (widths[i] ?? 0) - stringWidth(c))),
      )
      .join('  ')
      .trimEnd();
  return shown.map(line).join('\n') + '\n';
}
