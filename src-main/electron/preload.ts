// Runs sandboxed (CommonJS, only 'electron' available) before the page. It exposes exactly one object,
// `window.api`: typed calls over `api:call` (and the saves sent as the page goes, over the synchronous
// `api:call-as-page-leaves`), events from `api:event`, the disk path of a dropped or
// picked file (which main then grants to this window for one call), main's own file dialog, and the
// spreadsheets the OS opened with the app (openFileInbox.ts). No ipcRenderer, no channel names, no Node
// reach the page.
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { METHODS, type EventMessage } from '../../src-shared/contract/api';
import { err } from '../../src-shared/contract/errors';
import { isLeaveMethod, type ChooseFileOptions, type WindowApi } from '../../src-shared/contract/windowApi';
import {
  CALL_CHANNEL,
  CHOOSE_FILE_CHANNEL,
  EVENT_CHANNEL,
  GRANT_FILE_CHANNEL,
  LEAVE_CALL_CHANNEL,
  OPEN_FILE_CHANNEL,
} from './channels';
import { createOpenFileInbox } from './openFileInbox';

// Listening from the start: main sends a double-clicked file as soon as the page has loaded.
const opened = createOpenFileInbox();
ipcRenderer.on(OPEN_FILE_CHANNEL, (_event: IpcRendererEvent, path: unknown) => opened.receive(path));

const api: WindowApi = {
  call(method, input) {
    if (typeof method !== 'string' || !Object.hasOwn(METHODS, method)) {
      return Promise.resolve(
        err({ code: 'UNKNOWN_METHOD', message: `Unknown method: ${String(method).slice(0, 80)}` }),
      );
    }
    return ipcRenderer.invoke(CALL_CHANNEL, { method, input });
  },
  // Synchronous on purpose: an invoke() made in pagehide is dropped with the page (a reload, the window
  // closing); sendSync holds the page until main has stored the save (ipcTransport.ts).
  callAsPageLeaves(method, input) {
    if (!isLeaveMethod(method))
      return err({
        code: 'UNKNOWN_METHOD',
        message: `Not a call made as the page goes: ${String(method).slice(0, 80)}`,
      });
    return ipcRenderer.sendSync(LEAVE_CALL_CHANNEL, { method, input }) as ReturnType<
      NonNullable<WindowApi['callAsPageLeaves']>
    >;
  },
  on(listener) {
    if (typeof listener !== 'function') throw new TypeError('api.on needs a function');
    const forward = (_event: IpcRendererEvent, msg: EventMessage) => listener(msg);
    ipcRenderer.on(EVENT_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, forward);
    };
  },
  async pathForFile(file) {
    // Only a File the admin dropped or picked has a path; one made by script gives ''.
    const path = webUtils.getPathForFile(file as File);
    if (!path) return '';
    const granted: unknown = await ipcRenderer.invoke(GRANT_FILE_CHANNEL, { path });
    return granted === true ? path : '';
  },
  chooseFile(options: ChooseFileOptions) {
    return ipcRenderer.invoke(CHOOSE_FILE_CHANNEL, options) as Promise<string | null>;
  },
  onOpenFile(listener) {
    return opened.subscribe(listener);
  },
};

contextBridge.exposeInMainWorld('api', api);
