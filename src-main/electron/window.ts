// The one application window. Settings come from securityPolicy.ts; this file only applies them.
import { BrowserWindow, shell, type Session } from 'electron';
import {
  GRANTED_PERMISSIONS,
  WEB_PREFERENCES,
  isAllowedNavigation,
  isExternalLink,
  withCspHeader,
} from './securityPolicy';

export interface MainWindowOptions {
  /** Absolute path of the built preload (out/preload/index.cjs). */
  preloadPath: string;
  /** file:// URL of out/renderer/index.html, or the dev server's URL. */
  rendererUrl: string;
  log: (line: string) => void;
}

/** Locks down a session once: no permission is ever granted, and file:// responses carry the CSP. */
export function hardenSession(session: Session, log: (line: string) => void): void {
  session.setPermissionRequestHandler((_wc, permission, callback) => {
    const granted = GRANTED_PERMISSIONS.includes(permission);
    if (!granted) log(`electron: denied permission request "${permission}"`);
    callback(granted);
  });
  session.setPermissionCheckHandler((_wc, permission) => GRANTED_PERMISSIONS.includes(permission));
  session.setDevicePermissionHandler(() => false);
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withCspHeader(details.url, details.responseHeaders) });
  });
}

export function createMainWindow(opts: MainWindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Bulk Desk',
    autoHideMenuBar: true,
    webPreferences: { ...WEB_PREFERENCES, preload: opts.preloadPath },
  });

  win.once('ready-to-show', () => win.show());

  // New windows: never inside the app; https links go to the system browser.
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (isExternalLink(url)) void shell.openExternal(url);
    else opts.log(`electron: blocked window.open of ${describe(url)}`);
    return { action: 'deny' };
  });

  const guard = (event: { preventDefault(): void }, url: string) => {
    if (isAllowedNavigation(url, opts.rendererUrl)) return;
    event.preventDefault();
    opts.log(`electron: blocked navigation to ${describe(url)}`);
    if (isExternalLink(url)) void shell.openExternal(url);
  };
  win.webContents.on('will-navigate', guard);
  win.webContents.on('will-redirect', guard);
  // Sub-frames too (the app has none; an injected one may not go anywhere either).
  win.webContents.on('will-frame-navigate', (details) => {
    if (!isAllowedNavigation(details.url, opts.rendererUrl)) details.preventDefault();
  });
  win.webContents.on('will-attach-webview', (event) => event.preventDefault());

  void win.loadURL(opts.rendererUrl);
  return win;
}

/** A URL for the log, without query or fragment (which could hold a token). */
function describe(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return '(unparsable URL)';
  }
}
