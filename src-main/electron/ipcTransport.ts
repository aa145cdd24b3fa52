// The Electron IPC transport: one invoke channel `api:call` ({method, input} → Result), its synchronous
// twin `api:call-as-page-leaves` for the saves sent as the page goes, one push channel `api:event`, and
// two that grant files to the window (`api:grant-file` for a dropped or picked File's path,
// `api:choose-file` for main's own open/save dialog). Every message is checked for its sender (our
// window's main frame, showing our renderer) first. Calls go to dispatch with the window's grants, so a
// call may name only a file the admin chose (src-main/transport/callerContext.ts).
import { statSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import {
  BrowserWindow,
  dialog,
  ipcMain,
  type IpcMainEvent,
  type IpcMainInvokeEvent,
  type OpenDialogOptions,
  type SaveDialogOptions,
  type WebContents,
} from 'electron';
import type { EventMessage } from '../../src-shared/contract/api';
import { err, type Result } from '../../src-shared/contract/errors';
import { isLeaveMethod, type ChooseFileOptions } from '../../src-shared/contract/windowApi';
import type { Dispatch } from '../transport/dispatch';
import type { EventHub } from '../transport/loopback';
import {
  CALL_CHANNEL,
  CHOOSE_FILE_CHANNEL,
  EVENT_CHANNEL,
  GRANT_FILE_CHANNEL,
  LEAVE_CALL_CHANNEL,
} from './channels';
import { PathGrantRegistry } from './pathGrants';
import { isTrustedSender } from './securityPolicy';

export interface IpcTransportOptions {
  dispatch: Dispatch;
  events: EventHub;
  rendererUrl: string;
  /** The window's webContents, or null while there is none (macOS, all windows closed). */
  target: () => WebContents | null;
  log: (line: string) => void;
  /** Default: a new registry (tests pass their own to look inside). */
  grants?: PathGrantRegistry;
}

const ALL_CHANNELS = [CALL_CHANNEL, GRANT_FILE_CHANNEL, CHOOSE_FILE_CHANNEL];

/** Registers the handlers and the event forwarder; the returned function removes them. */
export function attachIpcTransport(opts: IpcTransportOptions): () => void {
  const grants = opts.grants ?? new PathGrantRegistry();
  const watched = new WeakSet<WebContents>();

  const trusted = (event: IpcMainInvokeEvent | IpcMainEvent): boolean => {
    const frame = event.senderFrame;
    const target = opts.target();
    const ok =
      target !== null &&
      event.sender === target &&
      frame !== null &&
      isTrustedSender(frame.url, frame === event.sender.mainFrame, opts.rendererUrl);
    if (!ok) opts.log('electron: refused an IPC message from an untrusted sender');
    return ok;
  };

  /** Grants last as long as their window: forgotten when it is destroyed. */
  const grantTo = (sender: WebContents, path: string, mode: 'read' | 'write') => {
    grants.grant(sender.id, path, mode);
    if (!watched.has(sender)) {
      watched.add(sender);
      const id = sender.id;
      sender.once('destroyed', () => grants.forget(id));
    }
  };

  ipcMain.handle(
    CALL_CHANNEL,
    async (event: IpcMainInvokeEvent, payload: unknown): Promise<Result<unknown>> => {
      if (!trusted(event)) {
        return err({
          code: 'INTERNAL',
          message: 'Refused: this call did not come from the Bulk Desk window.',
        });
      }
      if (
        typeof payload !== 'object' ||
        payload === null ||
        typeof (payload as { method?: unknown }).method !== 'string'
      ) {
        return err({ code: 'INVALID_INPUT', message: 'An api:call carries {method, input}.' });
      }
      const { method, input } = payload as { method: string; input?: unknown };
      return opts.dispatch(method, input, { kind: 'ipc', grants: grants.forWindow(event.sender.id) });
    },
  );

  // A save sent as the page goes (a reload, the window closing): the page waits on sendSync until it is
  // stored, so an edit made just before is not lost. Only LEAVE_METHODS, quick writes of what was typed.
  ipcMain.on(LEAVE_CALL_CHANNEL, (event: IpcMainEvent, payload: unknown) => {
    const answer = (r: Result<unknown>) => {
      event.returnValue = r;
    };
    if (!trusted(event))
      return answer(
        err({ code: 'INTERNAL', message: 'Refused: this call did not come from the Bulk Desk window.' }),
      );
    const { method, input } = (typeof payload === 'object' && payload !== null ? payload : {}) as {
      method?: unknown;
      input?: unknown;
    };
    if (!isLeaveMethod(method))
      return answer(
        err({
          code: 'UNKNOWN_METHOD',
          message: `Not a call made as the page goes: ${String(method).slice(0, 80)}`,
        }),
      );
    opts
      .dispatch(method, input, { kind: 'ipc', grants: grants.forWindow(event.sender.id) })
      .then(answer, (e) =>
        answer(err({ code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) })),
      );
  });

  // The preload read this path from a File the admin dropped or picked (webUtils.getPathForFile); only
  // an existing regular file is granted, and only for reading.
  ipcMain.handle(GRANT_FILE_CHANNEL, (event: IpcMainInvokeEvent, payload: unknown): boolean => {
    if (!trusted(event)) return false;
    const path = (payload as { path?: unknown } | null)?.path;
    if (typeof path !== 'string' || path.length > 4096 || !isAbsolute(path)) return false;
    try {
      if (!statSync(path).isFile()) return false;
    } catch {
      return false;
    }
    grantTo(event.sender, path, 'read');
    return true;
  });

  ipcMain.handle(
    CHOOSE_FILE_CHANNEL,
    async (event: IpcMainInvokeEvent, payload: unknown): Promise<string | null> => {
      if (!trusted(event)) return null;
      const o = chooseOptions(payload);
      if (!o) return null;
      const win = BrowserWindow.fromWebContents(event.sender);
      let path: string | undefined;
      if (o.mode === 'open') {
        const options: OpenDialogOptions = { properties: ['openFile'], ...common(o) };
        const r = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
        path = r.canceled ? undefined : r.filePaths[0];
      } else {
        const options: SaveDialogOptions = {
          ...common(o),
          ...(o.defaultName ? { defaultPath: o.defaultName } : {}),
        };
        const r = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
        path = r.canceled ? undefined : r.filePath;
      }
      if (!path) return null;
      grantTo(event.sender, path, o.mode === 'open' ? 'read' : 'write');
      return path;
    },
  );

  const unsubscribe = opts.events.subscribe((msg: EventMessage) => {
    const target = opts.target();
    if (target && !target.isDestroyed()) target.send(EVENT_CHANNEL, msg);
  });

  return () => {
    unsubscribe();
    for (const channel of ALL_CHANNELS) ipcMain.removeHandler(channel);
    ipcMain.removeAllListeners(LEAVE_CALL_CHANNEL);
  };
}

/** The renderer's dialog options, checked field by field (it is not trusted to send a well-formed one). */
function chooseOptions(payload: unknown): ChooseFileOptions | null {
  if (typeof payload !== 'object' || payload === null) return null;
  const p = payload as Record<string, unknown>;
  if (p.mode !== 'open' && p.mode !== 'save') return null;
  const text = (v: unknown) => (typeof v === 'string' && v.length <= 200 ? v : undefined);
  const filters = Array.isArray(p.filters)
    ? p.filters
        .filter(
          (f): f is { name: string; extensions: string[] } =>
            typeof f === 'object' &&
            f !== null &&
            typeof (f as { name?: unknown }).name === 'string' &&
            Array.isArray((f as { extensions?: unknown }).extensions) &&
            (f as { extensions: unknown[] }).extensions.every(
              (e) => typeof e === 'string' && /^[\w*]{1,16}$/.test(e),
            ),
        )
        .slice(0, 10)
    : undefined;
  const title = text(p.title);
  // A suggested name only, never a folder: the dialog starts where the OS last saved.
  const defaultName = text(p.defaultName)?.replace(/[/\\]/g, '_');
  return {
    mode: p.mode,
    ...(title ? { title } : {}),
    ...(defaultName ? { defaultName } : {}),
    ...(filters?.length ? { filters } : {}),
  };
}

function common(o: ChooseFileOptions): {
  title?: string;
  filters?: { name: string; extensions: string[] }[];
} {
  return { ...(o.title ? { title: o.title } : {}), ...(o.filters ? { filters: o.filters } : {}) };
}
