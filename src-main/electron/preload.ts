// Runs sandboxed (CommonJS, only 'electron' available) before the page. It exposes exactly one object,
// `window.api`: typed calls over `api:call`, events from `api:event`, and the disk path of a dropped
// file. No ipcRenderer, no channel names, no Node reach the page.
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { METHODS, type EventMessage } from '../../src-shared/contract/api';
import { err } from '../../src-shared/contract/errors';
import type { WindowApi } from '../../src-shared/contract/windowApi';
import { CALL_CHANNEL, EVENT_CHANNEL } from './channels';

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
  pathForFile(file) {
    return webUtils.getPathForFile(file as File);
  },
};

contextBridge.exposeInMainWorld('api', api);
