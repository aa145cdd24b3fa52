// Where the installed app looks for updates, if anywhere. Off until a feed is set, in this order:
//   1. BULKDESK_UPDATE_URL in the app's environment (an admin trying a feed, or a managed login script);
//   2. update.json in the data folder: {"url": "https://updates.example.org/bulk-desk/"} (IT deploys it);
//   3. the feed built into the installer: BULKDESK_UPDATE_URL set when electron-builder ran, which writes
//      app-update.yml into the app's resources (electron-builder.ts `publish`).
// A feed is a folder served over HTTPS holding what electron-builder wrote for that build (latest.yml,
// latest-mac.yml, latest-linux.yml and the installers): electron-updater's "generic" provider.
// BULKDESK_UPDATE_URL=off (or "url": null in update.json) turns a built-in feed off.
// Plain TypeScript (no 'electron'), unit-tested; updates.ts acts on the answer.

export const UPDATE_URL_ENV = 'BULKDESK_UPDATE_URL';
export const UPDATE_SETTINGS_FILE = 'update.json';

export type UpdateFeed =
  | { kind: 'off'; reason: string }
  /** electron-updater is pointed at this URL (autoUpdater.setFeedURL, generic provider). */
  | { kind: 'url'; url: string; source: string }
  /** electron-updater reads the feed from the app-update.yml the installer carries. */
  | { kind: 'built-in' };

export interface UpdateFeedInput {
  /** app.isPackaged: an unpackaged run (a checkout) never updates itself. */
  packaged: boolean;
  env: Readonly<Record<string, string | undefined>>;
  /** The text of update.json in the data folder, or null when there is none. */
  settingsText: string | null;
  /** Whether the installer carries app-update.yml (it was built with a feed). */
  builtInFeed: boolean;
}

/** An https URL, or http to this machine (a feed served locally to try an update). */
export function checkFeedUrl(text: string): string | null {
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    return null;
  }
  const local = u.hostname === 'localhost' || u.hostname === '127.0.0.1' || u.hostname === '[::1]';
  if (u.protocol !== 'https:' && !(u.protocol === 'http:' && local)) return null;
  if (u.username || u.password) return null; // a feed URL is logged: it must not carry credentials
  return u.href.endsWith('/') ? u.href : `${u.href}/`;
}

export function resolveUpdateFeed(input: UpdateFeedInput): UpdateFeed {
  if (!input.packaged) return { kind: 'off', reason: 'not an installed app (updates come with git pull)' };
  const fromEnv = input.env[UPDATE_URL_ENV]?.trim();
  if (fromEnv) {
    if (fromEnv.toLowerCase() === 'off') return { kind: 'off', reason: `${UPDATE_URL_ENV}=off` };
    const url = checkFeedUrl(fromEnv);
    return url
      ? { kind: 'url', url, source: UPDATE_URL_ENV }
      : { kind: 'off', reason: `${UPDATE_URL_ENV} is not an https:// URL without credentials` };
  }
  if (input.settingsText !== null) {
    let settings: unknown;
    try {
      settings = JSON.parse(input.settingsText);
    } catch {
      return { kind: 'off', reason: `${UPDATE_SETTINGS_FILE} is not valid JSON` };
    }
    const url = (settings as { url?: unknown } | null)?.url;
    if (url === null) return { kind: 'off', reason: `${UPDATE_SETTINGS_FILE} says "url": null` };
    const checked = typeof url === 'string' ? checkFeedUrl(url) : null;
    return checked
      ? { kind: 'url', url: checked, source: UPDATE_SETTINGS_FILE }
      : {
          kind: 'off',
          reason: `${UPDATE_SETTINGS_FILE} has no "url" that is an https:// URL without credentials`,
        };
  }
  if (input.builtInFeed) return { kind: 'built-in' };
  return {
    kind: 'off',
    reason: `no update feed is set (${UPDATE_URL_ENV}, ${UPDATE_SETTINGS_FILE} in the data folder, or one built into the installer)`,
  };
}
