// The Electron configuration check (issue 5): webPreferences, CSP, navigation, sender and permission
// rules, tested as plain data and pure functions. Must not import 'electron' (it is not installed here).
import { describe, expect, it } from 'vitest';
import {
  CONTENT_SECURITY_POLICY,
  GRANTED_PERMISSIONS,
  META_CONTENT_SECURITY_POLICY,
  WEB_PREFERENCES,
  isAllowedNavigation,
  isTrustedSender,
  withCspHeader,
  withCspMeta,
} from '../../../src-main/electron/securityPolicy';

const BUILT = 'file:///opt/Bulk%20Desk/resources/app/out/renderer/index.html';
const DEV = 'http://localhost:5173/';

describe('webPreferences', () => {
  it('isolates and sandboxes the renderer with no Node and no webview', () => {
    expect(WEB_PREFERENCES).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
    });
    expect(Object.isFrozen(WEB_PREFERENCES)).toBe(true);
    expect(WEB_PREFERENCES).not.toHaveProperty('enableBlinkFeatures');
    expect(WEB_PREFERENCES.disableBlinkFeatures.split(',')).toContain('Auxclick'); // no middle-click navigation
    expect(WEB_PREFERENCES).not.toHaveProperty('preload');
  });

  it('grants no permission', () => {
    expect(GRANTED_PERMISSIONS).toEqual([]);
  });
});

describe('Content-Security-Policy', () => {
  const directives = new Map(
    CONTENT_SECURITY_POLICY.split('; ').map((d) => [d.split(' ')[0]!, d.split(' ').slice(1)] as const),
  );

  it('allows only our own scripts: no inline, no eval, no remote origin', () => {
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|https?:|\*/);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(directives.get('connect-src')).toEqual(["'self'"]);
  });

  it('is added to every file:// response and replaces any CSP already there', () => {
    const h = withCspHeader(BUILT, {
      'content-security-policy': ['default-src *'],
      'Content-Type': ['text/html'],
    });
    expect(h).toEqual({
      'Content-Type': ['text/html'],
      'Content-Security-Policy': CONTENT_SECURITY_POLICY, // the literal written out in withCspHeader
      'X-Content-Type-Options': ['nosniff'],
    });
    expect(withCspHeader('file:///elsewhere/x.js', undefined)['Content-Security-Policy']).toBe(
      CONTENT_SECURITY_POLICY,
    );
  });

  it('leaves other responses alone', () => {
    const headers = { 'Content-Type': ['application/json'] };
    expect(withCspHeader('https://academy.coursepath.com/api/v1/members', headers)).toEqual(headers);
  });

  it('puts exactly one CSP meta tag, ours, into the built index.html', () => {
    const html = `<!doctype html><html><head>
      <meta charset="UTF-8" />
      <meta http-equiv="Content-Security-Policy" content="default-src *" />
      <title>x</title></head><body></body></html>`;
    const out = withCspMeta(html);
    expect(out.match(/Content-Security-Policy/g)).toHaveLength(1);
    expect(out).toContain(`content="${META_CONTENT_SECURITY_POLICY}"`);
    expect(out.indexOf('Content-Security-Policy')).toBeGreaterThan(out.indexOf('charset'));
    expect(out.indexOf('Content-Security-Policy')).toBeLessThan(out.indexOf('<title>'));
    expect(withCspMeta('<html><head><title>x</title></head></html>')).toMatch(/<head>\s*<meta http-equiv/);
    expect(META_CONTENT_SECURITY_POLICY).not.toContain('frame-ancestors');
    expect(META_CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(() => withCspMeta('<html><body></body></html>')).toThrow(/head/);
  });
});

describe('navigation', () => {
  it('allows only the renderer document itself', () => {
    expect(isAllowedNavigation(BUILT, BUILT)).toBe(true);
    expect(isAllowedNavigation(`${BUILT}#/history`, BUILT)).toBe(true);
    expect(isAllowedNavigation(`${BUILT}?x=1`, BUILT)).toBe(true);
  });

  it('refuses other files, other sites, and odd schemes', () => {
    for (const url of [
      'file:///opt/Bulk%20Desk/resources/app/out/renderer/other.html',
      'file:///etc/passwd',
      'file://evil-host/opt/Bulk%20Desk/resources/app/out/renderer/index.html',
      'https://example.com/',
      'http://localhost:5173/',
      'javascript:alert(1)',
      'data:text/html,<script>1</script>',
      'about:blank',
      'not a url',
      '',
    ]) {
      expect(isAllowedNavigation(url, BUILT), url).toBe(false);
    }
  });

  it('in development, allows the dev server origin only', () => {
    expect(isAllowedNavigation('http://localhost:5173/index.html', DEV)).toBe(true);
    expect(isAllowedNavigation('http://localhost:5174/', DEV)).toBe(false);
    expect(isAllowedNavigation('http://user:pw@localhost:5173/', DEV)).toBe(false);
    expect(isAllowedNavigation('https://localhost:5173/', DEV)).toBe(false);
    expect(isAllowedNavigation(BUILT, DEV)).toBe(false);
  });
});

describe('IPC sender check', () => {
  it('trusts only the main frame showing our renderer', () => {
    expect(isTrustedSender(BUILT, true, BUILT)).toBe(true);
    expect(isTrustedSender(`${BUILT}#token=x`, true, BUILT)).toBe(true);
    expect(isTrustedSender(DEV, true, DEV)).toBe(true);
  });

  it('refuses sub-frames, other documents and unknown frames', () => {
    expect(isTrustedSender(BUILT, false, BUILT)).toBe(false);
    expect(isTrustedSender('https://evil.example/', true, BUILT)).toBe(false);
    expect(isTrustedSender('file:///tmp/evil.html', true, BUILT)).toBe(false);
    expect(isTrustedSender('about:blank', true, BUILT)).toBe(false);
    expect(isTrustedSender(null, true, BUILT)).toBe(false);
    expect(isTrustedSender(undefined, true, BUILT)).toBe(false);
    expect(isTrustedSender('http://localhost:5173/', true, BUILT)).toBe(false);
  });
});
