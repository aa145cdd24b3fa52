// Electron entry (built to out/main/index.js). Thin on purpose: one instance, one window, the shared
// services from createServices, and the IPC transport. Everything else lives in src-main services that
// also run under plain Node (`npm run serve`, the CLI, tests), and the desktop touches are plain modules
// here that this file wires to Electron: the menu (menuTemplate.ts), the remembered window
// (windowState.ts), notifications and taskbar progress (jobWatcher.ts), spreadsheets opened from the OS
// (openFiles.ts) and updates (updates.ts). `--cli` runs the command line instead, with no window
// (cliSwitch.ts).
import { appendFileSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  app,
  BrowserWindow,
  dialog,
  Menu,
  Notification,
  screen,
  session,
  type OpenDialogOptions,
} from 'electron';
import type { JobSummary } from '../../src-shared/contract/api';
import { createServices, type Services } from '../services';
import { defaultDataDir } from '../services/dataDir';
import { APP_ID, PRODUCT_NAME } from './appIdentity';
import { OPEN_FILE_CHANNEL } from './channels';
import { cliArguments } from './cliSwitch';
import { attachIpcTransport } from './ipcTransport';
import { jobLabel } from './jobNotice';
import { JobWatcher } from './jobWatcher';
import { menuTemplate } from './menuTemplate';
import { OpenFileQueue, SPREADSHEET_EXTENSIONS, spreadsheetPathsFromArgv } from './openFiles';
import { PathGrantRegistry } from './pathGrants';
import { quitPrompt, type SendingJob } from './quitPrompt';
import { startAutoUpdates } from './updates';
import { createMainWindow, hardenSession } from './window';
import {
  loadWindowState,
  restoreWindowState,
  saveWindowState,
  trackWindowState,
  windowStateFile,
} from './windowState';

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

const cliArgs = cliArguments(process.argv, app.isPackaged);
if (cliArgs) void runCliMode(cliArgs);
else runApp();

/** `Bulk Desk --cli <command> …`: the CLI in this process, no window, then exit with its code. */
async function runCliMode(args: string[]): Promise<void> {
  app.dock?.hide();
  app.disableHardwareAcceleration();
  let code = 1;
  try {
    const { runCli } = await import('../cli/cli');
    code = await runCli(args, { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin });
  } catch (e) {
    process.stderr.write(`bulk-desk: ${e instanceof Error ? e.message : String(e)}\n`);
  }
  // app.exit does not wait for output still queued on a pipe (asynchronous on macOS and Windows).
  await Promise.all([process.stdout, process.stderr].map((s) => new Promise((done) => s.write('', done))));
  app.exit(code);
}

function runApp(): void {
  // One data folder for the app, `npm run serve` and the CLI (services/dataDir.ts, which also honours
  // BULKDESK_DATA_DIR), whatever the installer named the app; --user-data-dir still wins (launch test).
  if (!app.commandLine.hasSwitch('user-data-dir')) app.setPath('userData', defaultDataDir());
  // Windows ties notifications and taskbar progress to the installed shortcut through this id.
  if (process.platform === 'win32') app.setAppUserModelId(APP_ID);
  // Sandbox every renderer, whatever a window's own settings say.
  app.enableSandbox();

  let win: BrowserWindow | null = null;
  /** The services are up and the first window was opened: later opens may open another. */
  let started = false;
  const grants = new PathGrantRegistry();
  const opens = new OpenFileQueue({
    isFile: (path) => {
      try {
        return statSync(path).isFile();
      } catch {
        return false;
      }
    },
    deliver: (path) => {
      const w = win;
      if (!w || w.isDestroyed()) return false;
      grants.grant(w.webContents.id, path, 'read');
      w.webContents.send(OPEN_FILE_CHANNEL, path);
      showWindow();
      log(`open: importing a spreadsheet the admin opened`);
      return true;
    },
    log,
  });

  // macOS: a spreadsheet double-clicked in Finder or dropped on the dock icon, possibly before ready.
  app.on('open-file', (event, path) => {
    event.preventDefault();
    opens.add([path]);
    if (started && !win) openWindow();
  });

  if (!app.requestSingleInstanceLock()) {
    // Another Bulk Desk is running on this data folder: it gets focus and this one's files (below).
    app.quit();
    return;
  }
  // Windows and Linux: spreadsheets the OS named on this first instance's command line.
  opens.add(spreadsheetPathsFromArgv(process.argv, process.cwd()));

  let services: Services | null = null;
  let detachIpc: (() => void) | null = null;
  let stopUpdates: () => void = () => {};
  let unwatchJobs: () => void = () => {};
  let quitting = false;
  const notifications = new Set<Notification>(); // kept referenced, or a click may find them collected

  function showWindow(): void {
    if (!win) return started ? openWindow() : undefined;
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  }

  function openWindow(): void {
    const dataDir = app.getPath('userData');
    const stateFile = windowStateFile(dataDir);
    const state = restoreWindowState(
      loadWindowState(stateFile),
      screen.getAllDisplays().map((d) => d.workArea),
    );
    const w = createMainWindow({ preloadPath, rendererUrl, log, state });
    win = w;
    trackWindowState(w, (s) => saveWindowState(stateFile, s));
    // Files wait until the page (and the preload's listener) is there; a reload starts over.
    w.webContents.on('did-start-loading', () => opens.setReady(false));
    w.webContents.on('did-finish-load', () => opens.setReady(true));
    w.on('closed', () => {
      opens.setReady(false);
      win = null;
    });
  }

  function notify(title: string, body: string): void {
    if (!Notification.isSupported()) return;
    const n = new Notification({ title, body });
    notifications.add(n);
    const forget = () => notifications.delete(n);
    n.on('click', () => {
      forget();
      showWindow();
    });
    n.on('close', forget);
    n.show();
  }

  async function openSpreadsheet(): Promise<void> {
    const options: OpenDialogOptions = {
      title: 'Open a spreadsheet to import',
      properties: ['openFile'],
      filters: [{ name: 'Spreadsheets', extensions: [...SPREADSHEET_EXTENSIONS] }],
    };
    const r = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
    if (r.canceled || !r.filePaths[0]) return;
    opens.add([r.filePaths[0]]);
    if (started && !win) openWindow();
  }

  app.on('second-instance', (_event, argv, workingDirectory) => {
    showWindow();
    opens.add(spreadsheetPathsFromArgv(argv, workingDirectory));
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
      app.setAboutPanelOptions({ applicationName: PRODUCT_NAME, applicationVersion: app.getVersion() });
      Menu.setApplicationMenu(
        Menu.buildFromTemplate(
          menuTemplate({
            platform: process.platform,
            appName: PRODUCT_NAME,
            developer: !app.isPackaged,
            openSpreadsheet: () => void openSpreadsheet(),
          }),
        ),
      );
      services = await createServices({ dataDir, sandbox: true, log, version: app.getVersion() });
      const s = services;
      detachIpc = attachIpcTransport({
        dispatch: s.dispatch,
        events: s.events,
        rendererUrl,
        target: () => (win && !win.isDestroyed() ? win.webContents : null),
        log,
        grants,
      });
      const watcher = new JobWatcher({
        focused: () => BrowserWindow.getFocusedWindow() !== null,
        notify: (n) => notify(n.title, n.body),
        setProgress: (p) => {
          if (win && !win.isDestroyed()) win.setProgressBar(p.value, { mode: p.mode });
        },
        label: async (jobId) => {
          const r = await s.dispatch('jobs.get', { jobId });
          if (!r.ok) return 'A job';
          return jobLabel(r.value as JobSummary);
        },
        log,
      });
      unwatchJobs = s.events.subscribe((msg) => void watcher.onEvent(msg));
      started = true;
      openWindow();
      app.on('activate', () => {
        if (BrowserWindow.getAllWindows().length === 0) openWindow();
      });
      stopUpdates = await startAutoUpdates({
        packaged: app.isPackaged,
        dataDir,
        resourcesPath: process.resourcesPath,
        log,
        notify,
      });
    })
    .catch((e: unknown) => {
      log(`could not start: ${e instanceof Error ? e.message : String(e)}`);
      app.exit(1);
    });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  /** The jobs sending now, named as the notices name them. */
  function sendingJobs(s: Services): SendingJob[] {
    return s.runner.activeJobIds().flatMap((id) => {
      try {
        const job = s.runner.summary(id);
        return [{ label: jobLabel(job), counts: job.counts }];
      } catch {
        return [];
      }
    });
  }

  // Close the services (runner, sandbox, database) before the process ends, once. While jobs send, ask
  // first (quitPrompt.ts): "Keep sending" leaves everything running, with a window to watch it.
  let asking = false;
  app.on('before-quit', (event) => {
    if (quitting || !services) return;
    event.preventDefault();
    if (asking) return;
    const prompt = quitPrompt(sendingJobs(services));
    if (!prompt) return closeAndQuit();
    asking = true;
    const w = win && !win.isDestroyed() ? win : null;
    void (w ? dialog.showMessageBox(w, prompt) : dialog.showMessageBox(prompt))
      .then(({ response }) => {
        if (response === prompt.quitId) return closeAndQuit();
        log('quit: the admin kept the jobs sending');
        showWindow();
      })
      .catch((e: unknown) => {
        log(`quit: could not ask (${e instanceof Error ? e.message : String(e)}); quitting`);
        closeAndQuit();
      })
      .finally(() => (asking = false));
  });

  function closeAndQuit(): void {
    if (quitting || !services) return;
    quitting = true;
    stopUpdates();
    unwatchJobs();
    detachIpc?.();
    const s = services;
    services = null;
    s.close()
      .catch((e: unknown) => log(`error while closing: ${e instanceof Error ? e.message : String(e)}`))
      .finally(() => app.quit());
  }
}
