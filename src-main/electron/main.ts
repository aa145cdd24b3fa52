// Electron entry (built to out/main/index.js). Thin on purpose: one instance, one window, the shared
// services from createServices, and the IPC transport. Everything else lives in src-main services that
// also run under plain Node (`npm run serve`, the CLI, tests).
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { app, BrowserWindow, session } from 'electron';
import { createServices, type Services } from '../services';
import { attachIpcTransport } from './ipcTransport';
import { createMainWindow, hardenSession } from './window';

const here = fileURLToPath(new URL('.', import.meta.url)); // out/main/
const preloadPath = join(here, '../preload/index.cjs');
// The dev server URL is honoured only when running unpackaged (electron-vite dev), never in a release,
// so an environment variable cannot point the app's privileged window at another page.
const rendererUrl =
  !app.isPackaged && process.env.ELECTRON_RENDERER_URL
    ? process.env.ELECTRON_RENDERER_URL
    : pathToFileURL(join(here, '../renderer/index.html')).href;

let logFile: string | null = null;
function log(line: string): void {
  const stamped = `${new Date().toISOString()} ${line}`;
  console.log(stamped);
  if (logFile) {
    try {
      appendFileSync(logFile, stamped + '\n');
    } catch {
      logFile = null;
    }
  }
}

// Sandbox every renderer, whatever a window's own settings say.
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  // Another Bulk Desk is running on this data folder: it gets focus (below), this one leaves.
  app.quit();
} else {
  let services: Services | null = null;
  let win: BrowserWindow | null = null;
  let detachIpc: (() => void) | null = null;
  let quitting = false;

  const openWindow = () => {
    win = createMainWindow({ preloadPath, rendererUrl, log });
    win.on('closed', () => {
      win = null;
    });
  };

  app.on('second-instance', () => {
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });

  // Defence in depth for any webContents, including ones we never meant to create.
  app.on('web-contents-created', (_e, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });

  app
    .whenReady()
    .then(async () => {
      const dataDir = app.getPath('userData');
      mkdirSync(join(dataDir, 'logs'), { recursive: true });
      logFile = join(dataDir, 'logs', 'main.log');
      log(
        `starting Bulk Desk ${app.getVersion()} (Electron ${process.versions.electron}), data in ${dataDir}`,
      );
      hardenSession(session.defaultSession, log);
      services = await createServices({ dataDir, sandbox: true, log, version: app.getVersion() });
      const s = services;
      detachIpc = attachIpcTransport({
        dispatch: s.dispatch,
        events: s.events,
        rendererUrl,
        target: () => (win && !win.isDestroyed() ? win.webContents : null),
        log,
      });
      openWindow();
      app.on('activate', () => {
        if (BrowserWindow.getAllWindows().length === 0) openWindow();
      });
    })
    .catch((e: unknown) => {
      log(`could not start: ${e instanceof Error ? e.message : String(e)}`);
      app.exit(1);
    });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  // Close the services (runner, sandbox, database) before the process ends, once.
  app.on('before-quit', (event) => {
    if (quitting || !services) return;
    event.preventDefault();
    quitting = true;
    detachIpc?.();
    const s = services;
    services = null;
    s.close()
      .catch((e: unknown) => log(`error while closing: ${e instanceof Error ? e.message : String(e)}`))
      .finally(() => app.quit());
  });
}
