import { SourceMap } from 'node:module';
import { describe, expect, test } from 'vitest';
import { stageOf, type CpuProfile } from '../../../bench/compare/cpuProfileSummary';
import { withSourceUrls } from '../../../bench/compare/profileSources';

// A built file whose line 0 came from src-main/services/signing.ts and line 1 from src-main/db/dbWriter.ts
// (a real source map: "AAAA" maps line 0 to the first source, "ACAA" line 1 to the second).
const BUILT = 'file:///repo/out/bench/runnerChild.js';
const map = new SourceMap({
  version: 3,
  file: 'runnerChild.js',
  sources: ['../../src-main/services/signing.ts', '../../src-main/db/dbWriter.ts'],
  sourcesContent: [],
  names: [],
  mappings: 'AAAA;ACAA',
  sourceRoot: '',
});

const node = (id: number, functionName: string, url: string, lineNumber: number) => ({
  id,
  callFrame: { functionName, url, lineNumber, columnNumber: 0 },
});

describe('a profile of built code read as its sources', () => {
  test('each frame of the built file gets its source file, so the summary places it in its stage', () => {
    const profile: CpuProfile = {
      nodes: [
        node(1, 'signCoursepathJwt', BUILT, 0),
        node(2, 'write$1', BUILT, 1),
        node(3, 'Hmac', 'node:internal/crypto/hash', 3),
      ],
      samples: [1, 2, 3],
      timeDeltas: [1, 1, 1],
    };
    // Built, our frames carry the bundle's URL: no stage can be told from it.
    expect(stageOf([profile.nodes[0]!.callFrame])).toBe('the benchmark child (CSV, progress lines)');

    const read = withSourceUrls(profile, (url) => (url === BUILT ? map : null));
    const [signing, writer, node3] = read.nodes.map((n) => n.callFrame);
    expect(signing!.url).toBe('file:///repo/src-main/services/signing.ts');
    expect(stageOf([signing!])).toBe('signing (a JWT per request)');
    // The bundler's suffix for a name two modules share is dropped: the source's name.
    expect(writer).toMatchObject({ url: 'file:///repo/src-main/db/dbWriter.ts', functionName: 'write' });
    expect(stageOf([writer!])).toBe('handing each turn to the writer thread');
    // Frames without a map (Node's own) are left as they were.
    expect(node3).toEqual(profile.nodes[2]!.callFrame);
  });
});
