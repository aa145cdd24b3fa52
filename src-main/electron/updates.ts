// Automatic updates through electron-updater, only when updateFeed.ts finds a feed. An update downloads
// in the background and installs when the admin quits Bulk Desk: never a restart in the middle of a job.
// electron-updater is loaded only when a feed is set, so an app without one never touches it.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveUpdateFeed, UPDATE_SETTINGS_FILE, type UpdateFeed } from './updateFeed';

/** How often a running app looks again. */
const CHECK_EVERY_MS = 6 * 60 * 60_000;

export interface AutoUpdateOptions {
  packaged: boolean;
  dataDir: string;
  /** process.resourcesPath: where the installer put app-update.yml, if it was built with a feed. */
  resourcesPath: string;
  log: (line: string) => void;
  /** Tell the admin an update is ready (an OS notification). */
  notify: (title: string, body: string) => void;
}

export function findUpdateFeed(
  o: Pick<AutoUpdateOptions, 'packaged' | 'dataDir' | 'resourcesPath'>,
): UpdateFeed {
  let settingsText: string | null = null;
  try {
    settingsText = readFileSync(join(o.dataDir, UPDATE_SETTINGS_FILE), 'utf8');
  } catch {
    settingsText = null;
  }
  return resolveUpdateFeed({
    packaged: o.packaged,
    env: process.env,
    settingsText,
    builtInFeed: existsSync(join(o.resourcesPath, 'app-update.yml')),
  });
}

/** Starts checking when a feed is set; the returned function stops the periodic check. */
export async function startAutoUpdates(o: AutoUpdateOptions): Promise<() => void> {
  const feed = findUpdateFeed(o);
  if (feed.kind === 'off') {
    o.log(`updates: off: ${feed.reason}`);
    return () => {};
  }
  // CommonJS package: its named exports are getters that Node's ESM loader cannot see.
  const { default: electronUpdater } = await import('electron-updater');
  const { autoUpdater } = electronUpdater;
  autoUpdater.logger = {
    info: (m: unknown) => o.log(`updates: ${String(m)}`),
    warn: (m: unknown) => o.log(`updates: ${String(m)}`),
    error: (m: unknown) => o.log(`updates: ${String(m)}`),
    debug: () => {},
  };
  autoUpdater.autoDownload = true;
  autoUpdater.autoInstallOnAppQuit = true;
  if (feed.kind === 'url') {
    autoUpdater.setFeedURL({ provider: 'generic', url: feed.url });
    o.log(`updates: feed ${feed.url} (from ${feed.source})`);
  } else {
    o.log('updates: feed built into the installer (app-update.yml)');
  }
  autoUpdater.on('update-downloaded', (info: { version: string }) => {
    o.notify(
      `Bulk Desk ${info.version} is ready`,
      'It installs when you quit Bulk Desk; a job that is running is not interrupted.',
    );
  });
  autoUpdater.on('error', (e: Error) => o.log(`updates: ${e.message}`));
  const check = () => {
    autoUpdater.checkForUpdates().catch((e: unknown) => {
      o.log(`updates: check failed: ${e instanceof Error ? e.message : String(e)}`);
    });
  };
  check();
  const timer = setInterval(check, CHECK_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
