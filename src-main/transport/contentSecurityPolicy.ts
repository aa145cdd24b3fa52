// The one Content-Security-Policy for the renderer, whichever way it is loaded: as a header from the
// loopback server, as a header on Electron's file:// responses (written out literally in
// securityPolicy.ts's withCspHeader, so electronegativity can grade it), and as the <meta> tag in
// src-renderer/index.html (tests keep them equal). No inline or remote script, no plugins, no
// framing; styles may be inline because React sets `style` attributes.
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers every loopback response carries (static files and API alike). */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};
