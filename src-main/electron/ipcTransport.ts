// The Electron IPC transport: one invoke channel `api:call` ({method, input} → Result) and one push
// channel `api:event`. Every call is checked for its sender (our window's main frame, showing our
// renderer) before it reaches dispatch, which validates the method and input like the loopback does.
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import type { EventMessage } from '../../src-shared/contract/api';
import { err, type Result } from '../../src-shared/contract/errors';
import type { Dispatch } from '../transport/dispatch';
import type { EventHub } from '../transport/loopback';
import { CALL_CHANNEL, EVENT_CHANNEL } from './channels';
import { isTrustedSender } from './securityPolicy';

export interface IpcTransportOptions {
  dispatch: Dispatch;
  events: EventHub;
  rendererUrl: string;
  /** The window's webContents, or null while there is none (macOS, all windows closed). */
  target: () => WebContents | null;
  log: (line: string) => void;
}

/** Registers the handler and the event forwarder; the returned function removes both. */
export function attachIpcTransport(opts: IpcTransportOptions): () => void {
  ipcMain.handle(
    CALL_CHANNEL,
    async (event: IpcMainInvokeEvent, payload: unknown): Promise<Result<unknown>> => {
      const frame = event.senderFrame;
      const target = opts.target();
      const trusted =
        target !== null &&
        event.sender === target &&
        frame !== null &&
        isTrustedSender(frame.url, frame === event.sender.mainFrame, opts.rendererUrl);
      if (!trusted) {
        opts.log('electron: refused an api:call from an untrusted sender');
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
      return opts.dispatch(method, input);
    },
  );

  const unsubscribe = opts.events.subscribe((msg: EventMessage) => {
    const target = opts.target();
    if (target && !target.isDestroyed()) target.send(EVENT_CHANNEL, msg);
  });

  return () => {
    unsubscribe();
    ipcMain.removeHandler(CALL_CHANNEL);
  };
}
