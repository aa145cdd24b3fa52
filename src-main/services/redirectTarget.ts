// A redirect's Location as a whole address: a relative one ("/login") read against the URL the request
// went to, as a browser would (RFC 9110 §10.2.2), so the admin is told where it really points. Redirects
// are never followed (http.ts); this only names them.
export function redirectTarget(location: string, requestUrl: string): string {
  const l = location.trim();
  try {
    return new URL(l, requestUrl).href;
  } catch {
    return l;
  }
}
