// The path a URL parser makes of a built one, checked against the parser fetch uses (`new URL`).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isDotSegment, parsedPath } from '../../../src-shared/mapping/urlPath';

const parse = (path: string) => new URL(`https://api.example.com${path}`).pathname;

describe('parsedPath', () => {
  it('resolves dot segments as `new URL` does, %2e in any case included', () => {
    for (const path of [
      '/api/user/..',
      '/api/user/../x',
      '/api/./x',
      '/..',
      '/a/.',
      '/a/%2E%2e',
      '/a/.%2E/b',
      '/a/%2e/',
      '/a\\..\\b',
      '/a/b/',
    ])
      expect(parsedPath(path), path).toBe(parse(path));
    expect(isDotSegment('%2E.')).toBe(true);
    expect(isDotSegment('...')).toBe(false);
  });

  // Node 22's parser (ada 2.9) leaves some dot segments unresolved (`/x/.a/..`), where the URL standard
  // resolves them and a server may: parsedPath follows the standard, so it may only see more rewrites.
  it('sees every rewrite `new URL` makes on random paths, and none where there is no dot segment or "\\"', () => {
    const segment = fc.oneof(
      fc.constantFrom('.', '..', '%2e', '%2E%2e', '.%2e', '...', '', 'a', 'x.y'),
      fc.stringMatching(/^[A-Za-z0-9%._~-]{1,6}$/),
    );
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 6 }), fc.constantFrom('/', '\\'), (segments, sep) => {
        const path = `/${segments.join(sep)}`;
        if (parse(path) !== path) expect(parsedPath(path)).not.toBe(path);
        if (sep === '/' && !segments.some(isDotSegment)) expect(parsedPath(path)).toBe(path);
      }),
      { numRuns: 500 },
    );
  });
});
