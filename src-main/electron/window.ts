// The one application window. Settings come from securityPolicy.ts; this file only applies them.
// Nothing here opens a link outside the app: Bulk Desk shows no external links, so new windows and
// navigation away are refused and logged rather than handed to the system browser (no shell.openExternal,
// which would let a compromised renderer launch URLs and protocol handlers on the admin's machine).
import { BrowserWindow, type Session } from 'electron';
import { GRANTED_PERMISSIONS, isAllowedNavigation, withCspHeader } from './securityPolicy';
import { DEFAULT_SIZE, MIN_SIZE, type WindowState } from './windowState';

export interface MainWindowOptions {
  /** Absolute path of the built preload (out/preload/index.cjs). */
  preloadPath: string;
  /** file:// URL of out/renderer/index.html, or the dev server's URL. */
  rendererUrl: string;
  log: (line: string) => void;
  /** Size and place from the last run (windowState.ts); default: 1280×820, centred. */
  state?: WindowState;
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
  const state = opts.state ?? { ...DEFAULT_SIZE, maximized: false };
  const win = new BrowserWindow({
    ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}),
    width: state.width,
    height: state.height,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    show: false,
    title: 'Bulk Desk',
    // Exactly WEB_PREFERENCES (securityPolicy.ts) plus the preload, written out so static scanners see
    // the values; test/unit/electron/window.test.ts keeps the two equal.
    webPreferences: {
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      disableBlinkFeatures: 'Auxclick',
      // Reviewed: preload.ts exposes one object (typed calls over one channel, checked against the
      // contract's method list), never ipcRenderer or Node; electronegativity flags every preload for review.
      preload: opts.preloadPath, // eng-disable PRELOAD_JS_CHECK
    },
  });

  win.once('ready-to-show', () => {
    if (state.maximized) win.maximize();
    win.show();
  });

  // New windows: never, inside the app or outside it.
  win.webContents.setWindowOpenHandler(({ url }) => {
    opts.log(`electron: blocked window.open of ${describe(url)}`);
    return { action: 'deny' };
  });

  const guard = (event: { preventDefault(): void }, url: string) => {
    if (isAllowedNavigation(url, opts.rendererUrl)) return;
    event.preventDefault();
    opts.log(`electron: blocked navigation to ${describe(url)}`);
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
