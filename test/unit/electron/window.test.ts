// window.ts applied for real, with 'electron' replaced by a recorder (Electron's binary is not installed
// for unit tests): the window gets exactly WEB_PREFERENCES plus its preload (window.ts writes them out
// literally for static scanners, so this keeps the two from drifting), no new window is ever opened, no
// navigation leaves the renderer document, nothing is handed to the system browser, and the session
// grants no permission and sets the CSP.
import { beforeEach, describe, expect, it, vi } from 'vitest';

type Handler = (...args: never[]) => unknown;

const recorded = vi.hoisted(() => ({
  options: [] as Record<string, unknown>[],
  windows: [] as {
    openHandler: ((d: { url: string }) => unknown) | null;
    on: Map<string, (...args: unknown[]) => void>;
    loaded: string[];
  }[],
}));

vi.mock('electron', () => {
  class BrowserWindow {
    readonly webContents;
    constructor(options: Record<string, unknown>) {
      recorded.options.push(options);
      const w = {
        openHandler: null as ((d: { url: string }) => unknown) | null,
        on: new Map<string, (...args: unknown[]) => void>(),
        loaded: [] as string[],
      };
      recorded.windows.push(w);
      this.webContents = {
        setWindowOpenHandler: (h: (d: { url: string }) => unknown) => {
          w.openHandler = h;
        },
        on: (name: string, h: (...args: unknown[]) => void) => {
          w.on.set(name, h);
        },
      };
      this.loadURL = (url: string) => {
        w.loaded.push(url);
        return Promise.resolve();
      };
    }
    loadURL: (url: string) => Promise<void>;
    once(): void {}
    show(): void {}
  }
  // No `shell`: if window.ts ever called shell.openExternal again, these tests would throw.
  return { BrowserWindow };
});

const { createMainWindow, hardenSession } = await import('../../../src-main/electron/window');
const { WEB_PREFERENCES, CONTENT_SECURITY_POLICY } =
  await import('../../../src-main/electron/securityPolicy');

const BUILT = 'file:///opt/Bulk%20Desk/resources/app/out/renderer/index.html';
const PRELOAD = '/opt/Bulk Desk/resources/app/out/preload/index.cjs';

function open() {
  const log: string[] = [];
  createMainWindow({ preloadPath: PRELOAD, rendererUrl: BUILT, log: (l) => log.push(l) });
  return { w: recorded.windows.at(-1)!, options: recorded.options.at(-1)!, log };
}

describe('the main window', () => {
  beforeEach(() => {
    recorded.options.length = 0;
    recorded.windows.length = 0;
  });

  it('gets exactly WEB_PREFERENCES plus the preload', () => {
    const { options, w } = open();
    expect(options.webPreferences).toStrictEqual({ ...WEB_PREFERENCES, preload: PRELOAD });
    expect(w.loaded).toEqual([BUILT]);
  });

  it('opens no new window for any URL, and hands nothing to the system browser', () => {
    const { w, log } = open();
    for (const url of [
      'https://coassemble.com/docs',
      BUILT,
      'file:///etc/passwd',
      'javascript:alert(1)',
      'x',
    ])
      expect(w.openHandler!({ url })).toEqual({ action: 'deny' });
    expect(log.filter((l) => l.includes('blocked window.open'))).toHaveLength(5);
    // Logged without query or fragment (they could hold a token).
    w.openHandler!({ url: 'https://evil.example/p?token=abc#k=v' });
    expect(log.at(-1)).toBe('electron: blocked window.open of https://evil.example/p');
  });

  it('never navigates or redirects away from the renderer document, nor lets a sub-frame do so', () => {
    const { w } = open();
    for (const name of ['will-navigate', 'will-redirect']) {
      const guard = w.on.get(name)!;
      for (const url of ['https://example.com/', 'file:///etc/passwd', 'javascript:alert(1)']) {
        const preventDefault = vi.fn();
        guard({ preventDefault }, url);
        expect(preventDefault, `${name} ${url}`).toHaveBeenCalledOnce();
      }
      const preventDefault = vi.fn();
      guard({ preventDefault }, `${BUILT}#/history`);
      expect(preventDefault).not.toHaveBeenCalled();
    }
    const frame = vi.fn();
    w.on.get('will-frame-navigate')!({ url: 'https://example.com/', preventDefault: frame });
    expect(frame).toHaveBeenCalledOnce();
    const webview = vi.fn();
    w.on.get('will-attach-webview')!({ preventDefault: webview });
    expect(webview).toHaveBeenCalledOnce();
  });
});

describe('the session', () => {
  it('grants no permission or device, and puts the CSP on file:// responses', () => {
    const h: Record<string, Handler> = {};
    const session = {
      setPermissionRequestHandler: (f: Handler) => (h.request = f),
      setPermissionCheckHandler: (f: Handler) => (h.check = f),
      setDevicePermissionHandler: (f: Handler) => (h.device = f),
      webRequest: { onHeadersReceived: (f: Handler) => (h.headers = f) },
    };
    const log: string[] = [];
    hardenSession(session as never, (l) => log.push(l));

    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read', 'openExternal']) {
      const callback = vi.fn();
      (h.request as (...a: unknown[]) => void)(null, permission, callback);
      expect(callback).toHaveBeenCalledWith(false);
      expect((h.check as (...a: unknown[]) => boolean)(null, permission)).toBe(false);
    }
    expect((h.device as () => boolean)()).toBe(false);
    expect(log[0]).toBe('electron: denied permission request "media"');

    const callback = vi.fn();
    (h.headers as (...a: unknown[]) => void)({ url: BUILT, responseHeaders: {} }, callback);
    expect(callback).toHaveBeenCalledWith({
      responseHeaders: {
        'Content-Security-Policy': CONTENT_SECURITY_POLICY,
        'X-Content-Type-Options': ['nosniff'],
      },
    });
  });
});
