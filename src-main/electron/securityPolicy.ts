// The Electron security settings as plain data and pure functions, so they can be unit-tested without
// Electron (test/unit/electron/securityPolicy.test.ts). window.ts and ipcTransport.ts only apply them.
// Checklist: https://www.electronjs.org/docs/latest/tutorial/security
import { CONTENT_SECURITY_POLICY } from '../transport/contentSecurityPolicy';

export { CONTENT_SECURITY_POLICY };

/**
 * webPreferences for every window (the preload path is added by window.ts). The renderer gets no Node,
 * runs in Chromium's sandbox, and sees only what preload.ts exposes through the context bridge.
 * Auxclick (middle-click) is off, so a middle-click cannot start a navigation or a new window.
 *
 * window.ts writes these same values out literally in its `new BrowserWindow({...})` call, so static
 * scanners (electronegativity, test/integration/security) can read them there; the unit test
 * test/unit/electron/window.test.ts checks that the window gets exactly this object plus its preload.
 */
export const WEB_PREFERENCES = Object.freeze({
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
} as const);

/** Permissions (camera, notifications, geolocation, …) the app grants: none. */
export const GRANTED_PERMISSIONS: readonly string[] = Object.freeze([]);

/**
 * Whether `url` is our renderer's document. For a built app (file://…/out/renderer/index.html) that is
 * exactly that file, whatever its query or fragment; for development (ELECTRON_RENDERER_URL, an
 * http://localhost dev server) it is any page of that origin.
 */
export function isRendererDocument(url: string, rendererUrl: string): boolean {
  const u = parse(url);
  const r = parse(rendererUrl);
  if (u === null || r === null) return false;
  if (r.protocol === 'file:') {
    return u.protocol === 'file:' && u.host === r.host && u.pathname === r.pathname;
  }
  if (r.protocol !== 'http:' && r.protocol !== 'https:') return false;
  return u.origin === r.origin && u.username === '' && u.password === '';
}

/** `will-navigate` / `will-redirect`: a window may only (re)load its own document. */
export function isAllowedNavigation(url: string, rendererUrl: string): boolean {
  return isRendererDocument(url, rendererUrl);
}

/**
 * Whether an `api:call` may be dispatched: it must come from the main frame (never an iframe, even a
 * same-origin one), currently showing our renderer document.
 */
export function isTrustedSender(
  frameUrl: string | null | undefined,
  isMainFrame: boolean,
  rendererUrl: string,
): boolean {
  if (!isMainFrame || typeof frameUrl !== 'string') return false;
  return isRendererDocument(frameUrl, rendererUrl);
}

/**
 * The response headers to hand back from `session.webRequest.onHeadersReceived`: every file:// response
 * (the built renderer is the only thing loaded from disk) gets the CSP, replacing any it had; other
 * responses pass unchanged. The dev server (ELECTRON_RENDERER_URL) relies on the <meta> tag instead,
 * since Vite's hot reload needs its own script and socket.
 */
export function withCspHeader(
  url: string,
  headers: Record<string, string[]> | undefined,
): Record<string, string | string[]> {
  if (parse(url)?.protocol !== 'file:') return { ...headers };
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const lower = name.toLowerCase();
    if (lower !== 'content-security-policy' && lower !== 'x-content-type-options') out[name] = value;
  }
  // Written out (not CONTENT_SECURITY_POLICY) so static scanners can parse and grade the policy here;
  // the unit test keeps it equal to CONTENT_SECURITY_POLICY. Electron takes a string or a list per header.
  out['Content-Security-Policy'] =
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";
  out['X-Content-Type-Options'] = ['nosniff'];
  return out;
}

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * The CSP as a <meta> tag may carry: everything but frame-ancestors, which browsers ignore there
 * (the loopback and file:// headers carry it).
 */
export const META_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.split('; ')
  .filter((d) => !d.startsWith('frame-ancestors'))
  .join('; ');

const CSP_META = /<meta\s+[^>]*http-equiv\s*=\s*["']?Content-Security-Policy["']?[^>]*>\s*/gi;

/**
 * The built index.html with exactly one CSP <meta> tag, ours, right after the charset declaration (or
 * first in <head>), so the policy cannot drift from the header versions (electron.vite.config.ts applies
 * this at build time).
 */
export function withCspMeta(html: string): string {
  const meta = `<meta http-equiv="Content-Security-Policy" content="${META_CONTENT_SECURITY_POLICY}" />`;
  const stripped = html.replace(CSP_META, '');
  const anchor = /<meta\s+charset\s*=[^>]*>/i.exec(stripped) ?? /<head(\s[^>]*)?>/i.exec(stripped);
  if (!anchor) throw new Error('index.html has no <head>: cannot add the Content-Security-Policy');
  const at = anchor.index + anchor[0].length;
  return `${stripped.slice(0, at)}\n    ${meta}${stripped.slice(at)}`;
}
