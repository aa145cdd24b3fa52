// The IPC channel names, shared by ipcTransport.ts (main) and preload.ts (sandboxed renderer side).
export const CALL_CHANNEL = 'api:call';
export const EVENT_CHANNEL = 'api:event';
/** preload → main: the path of a File the admin dropped or picked, to be granted to this window. */
export const GRANT_FILE_CHANNEL = 'api:grant-file';
/** renderer → main: show main's own open or save dialog; the chosen path is granted to this window. */
export const CHOOSE_FILE_CHANNEL = 'api:choose-file';
/** main → renderer: a spreadsheet the OS or File → Open handed to the app, granted to this window to import. */
export const OPEN_FILE_CHANNEL = 'app:open-file';
/**
 * renderer → main, synchronous (sendSync): a save sent as the page goes (LEAVE_METHODS), {method, input}
 * → Result. The page waits for the answer, so the save is stored before the page is gone.
 */
export const LEAVE_CALL_CHANNEL = 'api:call-as-page-leaves';
