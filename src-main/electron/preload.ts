// Runs sandboxed (CommonJS, only 'electron' available) before the page. It exposes exactly one object,
// `window.api`: typed calls over `api:call`, events from `api:event`, the disk path of a dropped or
// picked file (which main then grants to this window for one call), and main's own file dialog. No
// ipcRenderer, no channel names, no Node reach the page.
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { METHODS, type EventMessage } from '../../src-shared/contract/api';
import { err } from '../../src-shared/contract/errors';
import type { ChooseFileOptions, WindowApi } from '../../src-shared/contract/windowApi';
import { CALL_CHANNEL, CHOOSE_FILE_CHANNEL, EVENT_CHANNEL, GRANT_FILE_CHANNEL } from './channels';

const api: WindowApi = {
  call(method, input) {
    if (typeof method !== 'string' || !Object.hasOwn(METHODS, method)) {
      return Promise.resolve(
        err({ code: 'UNKNOWN_METHOD', message: `Unknown method: ${String(method).slice(0, 80)}` }),
      );
    }
    return ipcRenderer.invoke(CALL_CHANNEL, { method, input });
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
};

contextBridge.exposeInMainWorld('api', api);
