// What a WHATWG URL parser (fetch, `new URL`) does to a request's path, written out because src-shared
// has no URL class: it reads `\` as `/` in an http(s) URL and resolves dot segments, so `/user/..` is sent
// as `/`. The preview must show the address the request really goes to.

/**
 * Whether a segment is a dot segment: `.` or `..`, with `%2e` in any case standing for a dot (the parser
 * reads `%2e%2e` as `..`, and a server may decode once more), so encoding does not make one safe.
 */
export function isDotSegment(segment: string): boolean {
  return dotSegment(segment) !== null;
}

/** Which dot segment `segment` is, `%2e` read as a dot; null for any other. */
function dotSegment(segment: string): '.' | '..' | null {
  const decoded = segment.replace(/%2e/gi, '.');
  return decoded === '.' || decoded === '..' ? decoded : null;
}

/** The path a URL parser makes of `path` (from its leading `/`, without the query). */
export function parsedPath(path: string): string {
  const parts = path.split(/[\\/]/).slice(1);
  const out: string[] = [];
  parts.forEach((segment, i) => {
    const dot = dotSegment(segment);
    if (dot === null) out.push(segment);
    else {
      if (dot === '..') out.pop();
      if (i === parts.length - 1) out.push(''); // `/a/b/..` is `/a/`, with its trailing slash
    }
  });
  return `/${out.join('/')}`;
}
