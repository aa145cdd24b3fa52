// What a WHATWG URL parser (fetch, `new URL`) does to a request's path, written out because src-shared
// has no URL class: it reads `\` as `/` in an http(s) URL and resolves dot segments, so `/user/..` is sent
// as `/`. The preview must show the address the request really goes to.

/**
 * Whether a segment is a dot segment: `.` or `..`, with `%2e` in any case standing for a dot (the parser
 * reads `%2e%2e` as `..`, and a server may decode once more), so encoding does not make one safe.
 */
export function isDotSegment(segment: string): boolean {
  const decoded = segment.replace(/%2e/gi, '.');
  return decoded === '.' || decoded === '..';
}

/** The path a URL parser makes of `path` (from its leading `/`, without the query). */
export function parsedPath(path: string): string {
  const parts = path.split(/[\\/]/).slice(1);
  const out: string[] = [];
  parts.forEach((segment, i) => {
    const last = i === parts.length - 1;
    if (!isDotSegment(segment)) out.push(segment);
    else {
      if (segment.replace(/%2e/gi, '.') === '..') out.pop();
      if (last) out.push(''); // `/a/b/..` is `/a/`, with its trailing slash
    }
  });
  return `/${out.join('/')}`;
}
