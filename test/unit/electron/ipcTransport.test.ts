// The IPC transport's path grants (issue 20, item 4): over Electron IPC a call may name only a file the
// admin chose — in main's own open/save dialog, or by dropping or picking it in the window (the preload
// hands that File's path to main). The Electron binary cannot run here, so 'electron' is replaced by a
// recorder of ipcMain handlers and a scripted dialog (the only mock); everything behind it is real: the
// transport's handlers, the grant registry, and dispatch with its validation and path-grant check.
import { beforeEach, describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => ({
  handlers: new Map<string, (event: unknown, payload: unknown) => unknown>(),
  listeners: new Map<string, (event: unknown, payload: unknown) => void>(),
  dialogAnswer: null as null | { canceled: boolean; filePath?: string; filePaths?: string[] },
  dialogCalls: [] as { kind: string; options: Record<string, unknown> }[],
}));

vi.mock('electron', () => ({
  ipcMain: {
    handle: (channel: string, fn: (event: unknown, payload: unknown) => unknown) => {
      electron.handlers.set(channel, fn);
    },
    removeHandler: (channel: string) => electron.handlers.delete(channel),
    on: (channel: string, fn: (event: unknown, payload: unknown) => void) => {
      electron.listeners.set(channel, fn);
    },
    removeAllListeners: (channel: string) => electron.listeners.delete(channel),
  },
  dialog: {
    showOpenDialog: (_win: unknown, options: Record<string, unknown>) => {
      electron.dialogCalls.push({ kind: 'open', options });
      return Promise.resolve(electron.dialogAnswer);
    },
    showSaveDialog: (_win: unknown, options: Record<string, unknown>) => {
      electron.dialogCalls.push({ kind: 'save', options });
      return Promise.resolve(electron.dialogAnswer);
    },
  },
  BrowserWindow: { fromWebContents: () => ({}) },
}));

const { attachIpcTransport } = await import('../../../src-main/electron/ipcTransport');
const { GRANT_TTL_MS, PathGrantRegistry } = await import('../../../src-main/electron/pathGrants');
const { createDispatch } = await import('../../../src-main/transport/dispatch');
const { CALL_CHANNEL, CHOOSE_FILE_CHANNEL, GRANT_FILE_CHANNEL, LEAVE_CALL_CHANNEL } =
  await import('../../../src-main/electron/channels');
type Handlers = import('../../../src-main/handlers/types').Handlers;
type Result = import('../../../src-shared/contract/errors').Result<unknown>;

const RENDERER = 'file:///opt/Bulk%20Desk/resources/app/out/renderer/index.html';
const THIS_FILE = import.meta.filename; // an existing regular file, standing in for a dropped CSV
const JOB = '6f1c1c9e-0000-4000-8000-000000000001';

/** A window's webContents as far as the transport looks at it. */
function fakeContents(id: number) {
  const mainFrame = { url: RENDERER };
  const onDestroyed: (() => void)[] = [];
  return {
    id,
    mainFrame,
    isDestroyed: () => false,
    send: () => {},
    once: (name: string, fn: () => void) => {
      if (name === 'destroyed') onDestroyed.push(fn);
    },
    destroy: () => onDestroyed.forEach((fn) => fn()),
  };
}

let seen: { method: string; input: unknown }[];
let win: ReturnType<typeof fakeContents>;
let clock: number;
let registry: InstanceType<typeof PathGrantRegistry>;

function handlerStub(method: string) {
  return async (input: unknown) => {
    seen.push({ method, input });
    return method === 'datasets.import'
      ? { id: 'd1' }
      : { path: (input as { path?: string }).path ?? '', rows: 0 };
  };
}

beforeEach(() => {
  electron.handlers.clear();
  electron.listeners.clear();
  electron.dialogCalls.length = 0;
  electron.dialogAnswer = null;
  seen = [];
  clock = 1_000_000;
  win = fakeContents(7);
  registry = new PathGrantRegistry(() => clock);
  const handlers = {
    'datasets.import': handlerStub('datasets.import'),
    'jobs.export': handlerStub('jobs.export'),
    'mappings.saveWorking': handlerStub('mappings.saveWorking'),
  } as unknown as Handlers;
  attachIpcTransport({
    dispatch: createDispatch(handlers),
    events: { subscribe: () => () => {} },
    rendererUrl: RENDERER,
    target: () => win as never,
    log: () => {},
    grants: registry,
  });
});

/** An IPC message from `from` (default: our window's main frame). */
function invoke(
  channel: string,
  payload: unknown,
  from = win,
  frame: { url: string } = from.mainFrame,
): Promise<unknown> {
  const handler = electron.handlers.get(channel);
  if (!handler) throw new Error(`no handler for ${channel}`);
  return Promise.resolve(handler({ sender: from, senderFrame: frame }, payload));
}
const callApi = (method: string, input: unknown) =>
  invoke(CALL_CHANNEL, { method, input }) as Promise<Result>;
const importPath = (path: string) => callApi('datasets.import', { source: { kind: 'path', path } });

describe('IPC: a call names only files the admin chose', () => {
  it('refuses a path the renderer names on its own (~/.bashrc, /etc/os-release), before any handler runs', async () => {
    for (const path of ['/root/.bashrc', '/etc/os-release', THIS_FILE]) {
      const r = await importPath(path);
      expect(r.ok, path).toBe(false);
      expect(!r.ok && r.error).toMatchObject({ code: 'INVALID_INPUT', details: { field: 'source.path' } });
      expect(!r.ok && r.error.message).toMatch(/only a file you chose .* Choose the file again/);
    }
    const w = await callApi('jobs.export', { jobId: JOB, path: '/root/.bashrc' });
    expect(w.ok).toBe(false);
    expect(seen).toEqual([]);
  });

  it('imports a dropped file once: the preload hands its path to main, which grants it to this window', async () => {
    expect(await invoke(GRANT_FILE_CHANNEL, { path: THIS_FILE })).toBe(true);
    const first = await importPath(THIS_FILE);
    expect(first.ok).toBe(true);
    expect(seen).toEqual([
      { method: 'datasets.import', input: { source: { kind: 'path', path: THIS_FILE } } },
    ]);
    const again = await importPath(THIS_FILE); // used up: a second read needs a second drop
    expect(again.ok).toBe(false);
    expect(seen).toHaveLength(1);
  });

  it('grants a dropped path only for reading, only for an existing regular file, only to our window', async () => {
    expect(await invoke(GRANT_FILE_CHANNEL, { path: THIS_FILE })).toBe(true);
    expect((await callApi('jobs.export', { jobId: JOB, path: THIS_FILE })).ok).toBe(false); // read ≠ write

    expect(await invoke(GRANT_FILE_CHANNEL, { path: import.meta.dirname })).toBe(false); // a folder
    expect(await invoke(GRANT_FILE_CHANNEL, { path: '/nonexistent/users.csv' })).toBe(false);
    expect(await invoke(GRANT_FILE_CHANNEL, { path: 'relative/users.csv' })).toBe(false);
    expect(await invoke(GRANT_FILE_CHANNEL, { path: 42 })).toBe(false);

    const iframe = { url: RENDERER }; // same document, but not the main frame
    expect(await invoke(GRANT_FILE_CHANNEL, { path: '/etc/os-release' }, win, iframe)).toBe(false);
    const other = fakeContents(8); // another webContents entirely
    expect(await invoke(GRANT_FILE_CHANNEL, { path: '/etc/os-release' }, other)).toBe(false);
    expect((await importPath('/etc/os-release')).ok).toBe(false);
    expect(seen.filter((s) => s.method === 'jobs.export')).toEqual([]);
  });

  it("a grant belongs to one window: another window's grant opens nothing here", async () => {
    registry.grant(8, THIS_FILE, 'read');
    expect((await importPath(THIS_FILE)).ok).toBe(false);
    registry.grant(7, THIS_FILE, 'read');
    expect((await importPath(THIS_FILE)).ok).toBe(true);
  });

  it("writes an export only to the path chosen in main's save dialog, once; a cancelled dialog grants nothing", async () => {
    electron.dialogAnswer = { canceled: false, filePath: '/home/admin/Desktop/results.csv' };
    const chosen = await invoke(CHOOSE_FILE_CHANNEL, {
      mode: 'save',
      defaultName: '../../.bashrc',
      filters: [{ name: 'CSV', extensions: ['csv'] }],
    });
    expect(chosen).toBe('/home/admin/Desktop/results.csv');
    expect(electron.dialogCalls).toEqual([
      {
        kind: 'save',
        options: { defaultPath: '.._.._.bashrc', filters: [{ name: 'CSV', extensions: ['csv'] }] },
      },
    ]);
    expect((await callApi('jobs.export', { jobId: JOB, path: '/home/admin/Desktop/other.csv' })).ok).toBe(
      false,
    );
    const written = await callApi('jobs.export', { jobId: JOB, path: '/home/admin/Desktop/results.csv' });
    expect(written).toMatchObject({ ok: true, value: { path: '/home/admin/Desktop/results.csv' } });
    expect((await callApi('jobs.export', { jobId: JOB, path: '/home/admin/Desktop/results.csv' })).ok).toBe(
      false,
    );

    electron.dialogAnswer = { canceled: true, filePaths: [] };
    expect(await invoke(CHOOSE_FILE_CHANNEL, { mode: 'open' })).toBeNull();
    electron.dialogAnswer = { canceled: false, filePaths: ['/home/admin/users.csv'] };
    expect(await invoke(CHOOSE_FILE_CHANNEL, { mode: 'open' })).toBe('/home/admin/users.csv');
    expect((await importPath('/home/admin/users.csv')).ok).toBe(true);
    expect(await invoke(CHOOSE_FILE_CHANNEL, { mode: 'delete' })).toBeNull();
  });

  it('grants lapse after GRANT_TTL_MS and go with their window when it is destroyed', async () => {
    expect(await invoke(GRANT_FILE_CHANNEL, { path: THIS_FILE })).toBe(true);
    clock += GRANT_TTL_MS + 1;
    expect((await importPath(THIS_FILE)).ok).toBe(false);

    expect(await invoke(GRANT_FILE_CHANNEL, { path: THIS_FILE })).toBe(true);
    win.destroy();
    expect((await importPath(THIS_FILE)).ok).toBe(false);
    expect(seen).toEqual([]);
  });

  it('still refuses any call from another frame or window', async () => {
    const r = (await invoke(CALL_CHANNEL, { method: 'jobs.list', input: {} }, fakeContents(9))) as Result;
    expect(r).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/did not come from the Bulk Desk window/) },
    });
  });
});

// The saves sent as the page goes (a reload, the window closing: pagehide). The preload sends them with
// ipcRenderer.sendSync, which holds the page until main sets `event.returnValue`; an invoke() made then is
// dropped with the page. The preload's side (sendSync itself) needs the Electron binary, which cannot run
// here: what is tested is main's side of the channel, through the real dispatch.
describe('IPC: a save sent as the page goes', () => {
  /** A sendSync message: resolves with what main set as its returnValue. */
  async function sendSync(payload: unknown, from = win, frame: { url: string } = from.mainFrame) {
    const listener = electron.listeners.get(LEAVE_CALL_CHANNEL);
    if (!listener) throw new Error(`no listener on ${LEAVE_CALL_CHANNEL}`);
    const event: { sender: unknown; senderFrame: unknown; returnValue?: unknown } = {
      sender: from,
      senderFrame: frame,
    };
    listener(event, payload);
    await vi.waitFor(() => expect(event).toHaveProperty('returnValue'));
    return event.returnValue as Result;
  }
  const working = {
    datasetId: 'd1',
    templateId: 'coursepath.members.create',
    connectionId: null,
    mapping: { fields: { email: { kind: 'column', column: 'email' } } },
  };

  it("stores the working mapping and answers main's Result to the waiting page", async () => {
    const r = await sendSync({ method: 'mappings.saveWorking', input: working });
    expect(r.ok).toBe(true);
    expect(seen).toEqual([{ method: 'mappings.saveWorking', input: working }]);
  });

  it('takes only the saves it is for, only from our window, and answers a refusal (never leaves the page waiting)', async () => {
    const notALeave = await sendSync({
      method: 'datasets.import',
      input: { source: { kind: 'path', path: THIS_FILE } },
    });
    expect(!notALeave.ok && notALeave.error.code).toBe('UNKNOWN_METHOD');
    expect((await sendSync(null)).ok).toBe(false);
    expect((await sendSync({ method: 'mappings.saveWorking', input: working }, fakeContents(8))).ok).toBe(
      false,
    );
    expect(
      (await sendSync({ method: 'mappings.saveWorking', input: working }, win, { url: RENDERER })).ok,
    ).toBe(false); // same document, not the main frame
    const invalid = await sendSync({ method: 'mappings.saveWorking', input: { datasetId: 'd1' } });
    expect(!invalid.ok && invalid.error.code).toBe('INVALID_INPUT');
    expect(seen).toEqual([]);
  });
});
