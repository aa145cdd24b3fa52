// Automatic updates: off until a feed is set. resolveUpdateFeed is pure; startAutoUpdates is run with
// 'electron-updater' replaced by a recorder (it needs Electron's binary, which is not here) to show that
// without a feed electron-updater is never even loaded, and with one it is pointed at it and installs on
// quit rather than restarting the app.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const updater = vi.hoisted(() => ({
  loaded: 0,
  feed: null as unknown,
  checks: 0,
  autoDownload: false,
  autoInstallOnAppQuit: false,
  handlers: new Map<string, (arg: unknown) => void>(),
}));

vi.mock('electron-updater', () => {
  updater.loaded++;
  const autoUpdater = {
    logger: null as unknown,
    set autoDownload(v: boolean) {
      updater.autoDownload = v;
    },
    set autoInstallOnAppQuit(v: boolean) {
      updater.autoInstallOnAppQuit = v;
    },
    setFeedURL: (feed: unknown) => (updater.feed = feed),
    on: (event: string, fn: (arg: unknown) => void) => updater.handlers.set(event, fn),
    checkForUpdates: () => {
      updater.checks++;
      return Promise.resolve(null);
    },
  };
  return { default: { autoUpdater } };
});

const { checkFeedUrl, resolveUpdateFeed } = await import('../../../src-main/electron/updateFeed');
const { startAutoUpdates } = await import('../../../src-main/electron/updates');

const installed = { packaged: true, env: {}, settingsText: null, builtInFeed: false };

describe('resolveUpdateFeed', () => {
  it('off by default, and always off running from a checkout', () => {
    expect(resolveUpdateFeed(installed)).toMatchObject({
      kind: 'off',
      reason: expect.stringContaining('no update feed is set'),
    });
    expect(
      resolveUpdateFeed({
        ...installed,
        packaged: false,
        env: { BULKDESK_UPDATE_URL: 'https://u.example/bd/' },
      }).kind,
    ).toBe('off');
  });

  it('the environment first, then update.json in the data folder, then the installer', () => {
    const json = '{"url": "https://it.example.org/bulk-desk"}';
    expect(
      resolveUpdateFeed({
        ...installed,
        env: { BULKDESK_UPDATE_URL: 'https://u.example/bd' },
        settingsText: json,
        builtInFeed: true,
      }),
    ).toEqual({
      kind: 'url',
      url: 'https://u.example/bd/',
      source: 'BULKDESK_UPDATE_URL',
    });
    expect(resolveUpdateFeed({ ...installed, settingsText: json, builtInFeed: true })).toEqual({
      kind: 'url',
      url: 'https://it.example.org/bulk-desk/',
      source: 'update.json',
    });
    expect(resolveUpdateFeed({ ...installed, builtInFeed: true })).toEqual({ kind: 'built-in' });
    // Either can turn a built-in feed off.
    expect(
      resolveUpdateFeed({ ...installed, env: { BULKDESK_UPDATE_URL: 'off' }, builtInFeed: true }).kind,
    ).toBe('off');
    expect(resolveUpdateFeed({ ...installed, settingsText: '{"url": null}', builtInFeed: true }).kind).toBe(
      'off',
    );
  });

  it('only https (or http to this machine), never credentials in the URL; a bad setting says what is wrong', () => {
    expect(checkFeedUrl('http://updates.example.org/')).toBeNull();
    expect(checkFeedUrl('https://user:pw@updates.example.org/')).toBeNull();
    expect(checkFeedUrl('file:///tmp/feed')).toBeNull();
    expect(checkFeedUrl('http://127.0.0.1:8080/feed')).toBe('http://127.0.0.1:8080/feed/');
    expect(resolveUpdateFeed({ ...installed, env: { BULKDESK_UPDATE_URL: 'ftp://x' } })).toEqual({
      kind: 'off',
      reason: 'BULKDESK_UPDATE_URL is not an https:// URL without credentials',
    });
    expect(resolveUpdateFeed({ ...installed, settingsText: '{url: ' })).toEqual({
      kind: 'off',
      reason: 'update.json is not valid JSON',
    });
  });
});

describe('startAutoUpdates', () => {
  let dataDir: string;
  let resourcesPath: string;
  const log: string[] = [];
  const notices: string[] = [];
  const options = () => ({
    packaged: true,
    dataDir,
    resourcesPath,
    log: (l: string) => log.push(l),
    notify: (title: string) => notices.push(title),
  });

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'bulk-desk-updates-'));
    resourcesPath = join(dataDir, 'resources');
    mkdirSync(resourcesPath);
    vi.stubEnv('BULKDESK_UPDATE_URL', '');
    Object.assign(updater, { feed: null, checks: 0, autoDownload: false, autoInstallOnAppQuit: false });
    log.length = 0;
    notices.length = 0;
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('no feed: electron-updater is not loaded and nothing is checked', async () => {
    const stop = await startAutoUpdates(options());
    stop();
    expect(updater.loaded).toBe(0);
    expect(updater.checks).toBe(0);
    expect(log).toEqual([expect.stringMatching(/^updates: off: no update feed is set/)]);
  });

  it('update.json sets the feed: checked at once, downloaded in the background, installed on quit', async () => {
    writeFileSync(join(dataDir, 'update.json'), '{"url": "https://it.example.org/bulk-desk/"}');
    const stop = await startAutoUpdates(options());
    stop();
    expect(updater.loaded).toBe(1);
    expect(updater.feed).toEqual({ provider: 'generic', url: 'https://it.example.org/bulk-desk/' });
    expect(updater.checks).toBe(1);
    expect([updater.autoDownload, updater.autoInstallOnAppQuit]).toEqual([true, true]);
    updater.handlers.get('update-downloaded')!({ version: '0.2.0' });
    expect(notices).toEqual(['Bulk Desk 0.2.0 is ready']);
  });

  it('an installer built with a feed (app-update.yml) needs no setting', async () => {
    writeFileSync(join(resourcesPath, 'app-update.yml'), 'provider: generic\nurl: https://u.example/\n');
    const stop = await startAutoUpdates(options());
    stop();
    expect(updater.feed).toBeNull(); // electron-updater reads app-update.yml itself
    expect(updater.checks).toBe(1);
  });
});
