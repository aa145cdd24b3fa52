// What the preload script exposes to the renderer as `window.api` (Electron), and what the loopback
// client in the browser implements the same way. The renderer's api client is the only user.
import type { EventMessage, Input, Method, Output } from './api';
import type { Result } from './errors';

export interface WindowApi {
  /** One contract call; never rejects for an application error, which comes back as `{ok: false}`. */
  call<M extends Method>(method: M, input: Input<M>): Promise<Result<Output<M>>>;
  /** Every event from main until the returned function is called. */
  on(listener: (msg: EventMessage) => void): () => void;
  /**
   * Electron only: one of LEAVE_METHODS, sent as the page goes (pagehide). A call made with `call` then is
   * dropped with the page; this one is sent synchronously (the page waits for main's answer, a few
   * milliseconds for these saves), so it is stored before the page is gone. Returns main's Result.
   */
  callAsPageLeaves?<M extends LeaveMethod>(method: M, input: Input<M>): Result<Output<M>>;
  /**
   * Electron only: the path on disk of a File the user dropped or picked, for `datasets.import`. Main
   * grants that path to this window for one call (src-main/electron/pathGrants.ts); '' when the File
   * has no path (one built by script).
   */
  pathForFile?(file: unknown): Promise<string>;
  /** Electron only: main's own open or save dialog; the chosen path (granted for one call), or null. */
  chooseFile?(options: ChooseFileOptions): Promise<string | null>;
  /**
   * Electron only: spreadsheets the OS opened with the app (double-click, "Open with", the dock icon) or
   * File → Open picked, each already granted to this window for one `datasets.import`. Paths that came
   * before the listener are delivered to it first.
   */
  onOpenFile?(listener: (path: string) => void): () => void;
}

export interface ChooseFileOptions {
  mode: 'open' | 'save';
  title?: string;
  /** Save: the suggested file name. */
  defaultName?: string;
  /** e.g. [{ name: 'CSV', extensions: ['csv'] }] */
  filters?: { name: string; extensions: string[] }[];
}

/**
 * The calls a page may make as it goes (a reload, the window or tab closing): the saves that wait a moment
 * for more keystrokes, sent at once so the edit is not lost. Only quick writes of what the admin typed:
 * over Electron such a call holds the closing page until main has answered (`callAsPageLeaves`).
 */
export const LEAVE_METHODS = ['mappings.saveWorking', 'desk.save'] as const satisfies readonly Method[];
export type LeaveMethod = (typeof LEAVE_METHODS)[number];

export const isLeaveMethod = (m: unknown): m is LeaveMethod =>
  typeof m === 'string' && (LEAVE_METHODS as readonly string[]).includes(m);
