// The renderer's only door to main. Inside Electron the preload's `window.api` carries calls over IPC;
// in a browser (`npm run serve`, end-to-end tests) the same calls go over the loopback HTTP transport:
// `POST /api/<method>` with a bearer token, and server-sent events on `GET /events` read through fetch
// streaming (EventSource cannot send an Authorization header). Everything returns a Result; nothing throws.
import type {
  CsvEncodingName,
  DatasetDto,
  EventMessage,
  Input,
  Method,
  Output,
} from '../../src-shared/contract/api';
import type { AppErrorShape, Result } from '../../src-shared/contract/errors';
import type { LeaveMethod, WindowApi } from '../../src-shared/contract/windowApi';

type Listener = (msg: EventMessage) => void;
export type ConnectionState = 'connecting' | 'open' | 'closed';

const TOKEN_KEY = 'bulk-desk.token';

const fail = (code: AppErrorShape['code'], message: string): Result<never> => ({
  ok: false,
  error: { code, message },
});

function electronApi(): WindowApi | null {
  return typeof window !== 'undefined' && window.api ? window.api : null;
}

/** Reads `#token=…` once, keeps it for this tab in sessionStorage and removes it from the visible URL. */
function readToken(): string {
  const hash = new URLSearchParams(location.hash.replace(/^#/, ''));
  const fromHash = hash.get('token');
  if (fromHash) {
    sessionStorage.setItem(TOKEN_KEY, fromHash);
    hash.delete('token');
    const rest = hash.toString();
    history.replaceState(history.state, '', location.pathname + location.search + (rest ? `#${rest}` : ''));
    return fromHash;
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

let token: string | null = null;
function authHeader(): Record<string, string> {
  token ??= readToken();
  return { Authorization: `Bearer ${token}` };
}

// The address of a later start pasted into this tab differs only in its fragment, which loads nothing:
// the page would go on sending the old token. Its token is taken by loading the page again with it.
if (typeof window !== 'undefined' && !electronApi())
  window.addEventListener('hashchange', () => {
    if (new URLSearchParams(location.hash.replace(/^#/, '')).get('token')) location.reload();
  });

// ---------- the service itself: answering, refusing this page, or gone ----------

/**
 * Why nothing this page does reaches Bulk Desk's service: 'unauthorised' when it refuses the page's
 * token (the service was started again: each start has a token of its own, so this page's link is
 * stale), 'unreachable' when it does not answer at all. null once it answers.
 */
export type ServiceProblem = 'unauthorised' | 'unreachable' | null;
let serviceProblem: ServiceProblem = null;
const problemListeners = new Set<(p: ServiceProblem) => void>();

function setServiceProblem(p: ServiceProblem): void {
  if (p === serviceProblem) return;
  serviceProblem = p;
  for (const l of problemListeners) l(p);
}

export const currentServiceProblem = (): ServiceProblem => serviceProblem;

export function onServiceProblem(listener: (p: ServiceProblem) => void): () => void {
  problemListeners.add(listener);
  listener(serviceProblem);
  return () => problemListeners.delete(listener);
}

/** What an answer of the loopback service says about the service: 401 refuses this page, any other answers. */
function heardFrom(status: number): void {
  setServiceProblem(status === 401 ? 'unauthorised' : null);
}

function isResult(v: unknown): v is Result<unknown> {
  if (typeof v !== 'object' || v === null || !('ok' in v)) return false;
  const r = v as { ok: unknown; error?: unknown };
  return r.ok === true ? 'value' in r : r.ok === false && typeof r.error === 'object' && r.error !== null;
}

function httpError(status: number): Result<never> {
  if (status === 401 || status === 403)
    return fail(
      'CREDENTIALS',
      'This page is not authorised. Open Bulk Desk from the link printed by `npm run serve`.',
    );
  return fail('NETWORK', `Bulk Desk's local service answered HTTP ${status}.`);
}

async function readResult(res: Response): Promise<Result<unknown>> {
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    return res.ok ? fail('INTERNAL', 'The local service sent an unreadable reply.') : httpError(res.status);
  }
  if (isResult(body)) return body;
  return res.ok ? { ok: true, value: body } : httpError(res.status);
}

// ---------- calls ----------

export async function call<M extends Method>(method: M, input: Input<M>): Promise<Result<Output<M>>> {
  const api = electronApi();
  if (api) {
    try {
      return await api.call(method, input);
    } catch (e) {
      return fail('INTERNAL', e instanceof Error ? e.message : String(e));
    }
  }
  try {
    const res = await fetch(`/api/${method}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...authHeader() },
      body: JSON.stringify({ input }),
    });
    heardFrom(res.status);
    return (await readResult(res)) as Result<Output<M>>;
  } catch {
    setServiceProblem('unreachable');
    return fail('NETWORK', "Bulk Desk's local service can't be reached. Is it still running?");
  }
}

/**
 * A save sent as the page goes (pagehide: a reload, the tab or window closing), where a `call` would be
 * dropped with the page. Electron: main answers before the page is let go (a synchronous IPC send).
 * Browser: a keepalive request, which the browser finishes after the page is gone (its answer is then
 * read by no one). A body over the browser's 64 KiB keepalive allowance goes as a plain request: sent,
 * but not sure to be finished (a store asks `fitsPageLeave` first and sends less where it can). The
 * allowance is for every keepalive request the page has in flight together, so the saves sent as the
 * page goes are each small but a few: Map's change, the desk's choices.
 */
export function callAsPageLeaves<M extends LeaveMethod>(
  method: M,
  input: Input<M>,
): Promise<Result<Output<M>>> {
  const api = electronApi();
  if (api?.callAsPageLeaves) {
    try {
      return Promise.resolve(api.callAsPageLeaves(method, input));
    } catch (e) {
      return Promise.resolve(fail('INTERNAL', e instanceof Error ? e.message : String(e)));
    }
  }
  if (api) return call(method, input);
  const body = JSON.stringify({ input });
  return fetch(`/api/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...authHeader() },
    body,
    keepalive: new TextEncoder().encode(body).length <= KEEPALIVE_BYTES,
  }).then(
    async (res) => (await readResult(res)) as Result<Output<M>>,
    () => fail('NETWORK', "Bulk Desk's local service can't be reached. Is it still running?"),
  );
}

/** What Chromium lets keepalive requests carry in all (64 KiB); a little kept for the headers. */
const KEEPALIVE_BYTES = 60 * 1024;

/**
 * Whether `callAsPageLeaves` is sure to finish this call after the page is gone: always over Electron (main
 * answers before the page is let go); in a browser, when its body fits the keepalive allowance. A store
 * with a larger save sends a smaller one instead (Map: the change since the mapping stored).
 */
export function fitsPageLeave<M extends LeaveMethod>(_method: M, input: Input<M>): boolean {
  if (electronApi()) return true;
  return new TextEncoder().encode(JSON.stringify({ input })).length <= KEEPALIVE_BYTES;
}

// ---------- file import ----------

/**
 * Imports a CSV or workbook the user picked or dropped. Electron: main reads the file from its path (never sent as a
 * blob over IPC). Browser: the raw file is uploaded to `POST /upload` first; `onProgress` gets 0..1.
 */
export interface ImportSettings {
  /** Overrides the detected separator. */
  delimiter?: string;
  /** Overrides the detected encoding. */
  encoding?: CsvEncodingName;
  /** A workbook's sheet (name); default the first with data. */
  sheet?: string;
}

/**
 * Imports a CSV or workbook the user picked or dropped. Electron: main reads the file from its path (never sent as a
 * blob over IPC). Browser: the raw file is uploaded to `POST /upload` first; `onProgress` gets 0..1.
 * Main answers once the first rows are stored (state `importing`); `dataset:progress` events follow.
 */
export async function importFile(
  file: File,
  onProgress?: (fraction: number) => void,
  settings: ImportSettings = {},
): Promise<Result<DatasetDto>> {
  const options = { fileName: file.name, returnEarly: true, ...settings };
  const api = electronApi();
  if (api?.pathForFile) {
    const path = await api.pathForFile(file); // main grants this path to the window for this one import
    if (path) return call('datasets.import', { source: { kind: 'path', path }, ...options });
    // Inside the app there is no upload to fall back to: main opens only a file it could grant.
    return fail(
      'INVALID_INPUT',
      `${file.name} cannot be opened: choose or drop a file (not a folder) from this computer.`,
    );
  }
  const uploaded = await upload(file, onProgress);
  if (!uploaded.ok) return uploaded;
  return call('datasets.import', { source: { kind: 'upload', uploadId: uploaded.value }, ...options });
}

/**
 * Imports a spreadsheet main already granted this window (Electron: one the OS opened with the app, or
 * File → Open picked; see onOpenFile). Main reads it from its path, as for a dropped file.
 */
export function importPath(path: string, settings: ImportSettings = {}): Promise<Result<DatasetDto>> {
  const fileName = path.split(/[\\/]/).pop() || path;
  return call('datasets.import', {
    source: { kind: 'path', path },
    fileName,
    returnEarly: true,
    ...settings,
  });
}

/** Electron only: each spreadsheet opened with the app; in a browser nothing ever comes. */
export function onOpenFile(listener: (path: string) => void): () => void {
  const api = electronApi();
  return api?.onOpenFile ? api.onOpenFile(listener) : () => {};
}

/** XMLHttpRequest rather than fetch because only it reports upload progress for large files. */
function upload(file: File, onProgress?: (fraction: number) => void): Promise<Result<string>> {
  // Leaving or reloading the page mid-upload drops the file without a word (the service keeps nothing
  // of it): the browser asks first. Once uploaded, the import goes on in the service whatever the page does.
  const holdPage = (e: BeforeUnloadEvent) => e.preventDefault();
  window.addEventListener('beforeunload', holdPage);
  return new Promise<Result<string>>((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/upload');
    for (const [k, v] of Object.entries(authHeader())) xhr.setRequestHeader(k, v);
    xhr.setRequestHeader('X-File-Name', encodeURIComponent(file.name));
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && onProgress) onProgress(e.loaded / e.total);
    };
    xhr.onerror = () => {
      setServiceProblem('unreachable');
      resolve(fail('NETWORK', `Could not upload ${file.name} to Bulk Desk's local service.`));
    };
    xhr.onload = () => {
      heardFrom(xhr.status);
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        /* handled below */
      }
      if (isResult(body)) {
        if (!body.ok) return resolve(body);
        body = body.value;
      }
      const id = (body as { uploadId?: unknown } | null)?.uploadId;
      if (xhr.status >= 200 && xhr.status < 300 && typeof id === 'string') resolve({ ok: true, value: id });
      else
        resolve(
          xhr.status >= 300 ? httpError(xhr.status) : fail('INTERNAL', 'The upload reply had no uploadId.'),
        );
    };
    xhr.send(file);
  }).finally(() => window.removeEventListener('beforeunload', holdPage));
}

// ---------- events ----------

const listeners = new Set<Listener>();
const stateListeners = new Set<(s: ConnectionState) => void>();
let stream: AbortController | null = null;
let electronOff: (() => void) | null = null;
let connectionState: ConnectionState = 'closed';

function setConnectionState(s: ConnectionState): void {
  if (s === connectionState) return;
  connectionState = s;
  for (const l of stateListeners) l(s);
}

function emit(msg: EventMessage): void {
  for (const l of [...listeners]) {
    try {
      l(msg);
    } catch (e) {
      console.error('event listener failed', e);
    }
  }
}

/** Subscribes to main → renderer events; returns the unsubscribe function. */
export function on(listener: Listener): () => void {
  listeners.add(listener);
  if (listeners.size === 1) open();
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) close();
  };
}

/**
 * A store's lasting subscription: the returned init subscribes `listener` once (calling it again while
 * subscribed does nothing) and returns the function that ends it.
 */
export function storeEvents(listener: Listener): () => () => void {
  let unsubscribe: (() => void) | null = null;
  return () => {
    unsubscribe ??= on(listener);
    return () => {
      unsubscribe?.();
      unsubscribe = null;
    };
  };
}

/** 'open' once the event stream is connected; a reconnect lets stores refresh what they may have missed. */
export function onConnectionState(listener: (s: ConnectionState) => void): () => void {
  stateListeners.add(listener);
  listener(connectionState);
  return () => stateListeners.delete(listener);
}

function open(): void {
  const api = electronApi();
  if (api) {
    electronOff = api.on(emit);
    setConnectionState('open');
    return;
  }
  const ctrl = new AbortController();
  stream = ctrl;
  void runStream(ctrl.signal);
}

function close(): void {
  electronOff?.();
  electronOff = null;
  stream?.abort();
  stream = null;
  setConnectionState('closed');
}

async function runStream(signal: AbortSignal): Promise<void> {
  let delay = 500;
  while (!signal.aborted) {
    setConnectionState('connecting');
    try {
      const res = await fetch('/events', {
        headers: { Accept: 'text/event-stream', ...authHeader() },
        signal,
      }).catch((e: unknown) => {
        if (!signal.aborted) setServiceProblem('unreachable');
        throw e;
      });
      heardFrom(res.status);
      if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
      setConnectionState('open');
      delay = 500;
      await readEvents(res.body, signal);
    } catch {
      /* dropped or refused: retry below */
    }
    if (signal.aborted) return;
    setConnectionState('connecting');
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 2, 10_000);
  }
}

/** Parses a `text/event-stream`: events end at a blank line; their `data:` lines join with "\n". */
async function readEvents(body: ReadableStream<Uint8Array>, signal: AbortSignal): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const stop = () => void reader.cancel().catch(() => {});
  signal.addEventListener('abort', stop, { once: true });
  let buffer = '';
  let data: string[] = [];
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let nl: number;
      while ((nl = buffer.search(/\r\n|\r|\n/)) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + (buffer.startsWith('\r\n', nl) ? 2 : 1));
        if (line === '') {
          if (data.length > 0) dispatchData(data.join('\n'));
          data = [];
        } else if (line.startsWith('data:')) {
          data.push(line.slice(5).replace(/^ /, ''));
        } // comments (":keep-alive"), event:, id:, retry: are ignored
      }
    }
  } finally {
    signal.removeEventListener('abort', stop);
  }
}

function dispatchData(text: string): void {
  try {
    const msg = JSON.parse(text) as EventMessage;
    if (msg && typeof msg.event === 'string') emit(msg);
  } catch {
    console.warn('ignored an unreadable event');
  }
}

/** Which transport is in use, for the status line. */
export const transportName = (): 'electron' | 'loopback' => (electronApi() ? 'electron' : 'loopback');
