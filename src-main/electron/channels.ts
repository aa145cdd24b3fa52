// The two IPC channel names, shared by ipcTransport.ts (main) and preload.ts (sandboxed renderer side).
export const CALL_CHANNEL = 'api:call';
export const EVENT_CHANNEL = 'api:event';
