import { describe, expect, test } from 'vitest';
import { stageOf, summarizeProfile, type CpuProfile } from '../../../bench/compare/cpuProfileSummary';

const frame = (functionName: string, url = '') => ({ functionName, url, lineNumber: 0 });
const SRC = 'file:///repo/src-main';

describe('the sending thread profile summary', () => {
  test('a sample belongs to the innermost frame that names a stage, so signing is not counted as crypto', () => {
    const stack = [
      frame('Hmac', 'node:internal/crypto/hash'),
      frame('signCoursepathJwt', `${SRC}/services/signing.ts`),
      frame('exchange', `${SRC}/runner/exchange.ts`),
    ];
    expect(stageOf(stack)).toBe('signing (a JWT per request)');
    expect(stageOf([frame('writev'), frame('writevGeneric', 'node:internal/stream_base_commons')])).toBe(
      'HTTP exchange (services/http.ts, node:http, sockets)',
    );
    expect(stageOf([frame('postMessage'), frame('write', `${SRC}/db/dbWriter.ts`)])).toBe(
      'handing each turn to the writer thread',
    );
    expect(stageOf([frame('(garbage collector)')])).toBe('garbage collection');
    expect(stageOf([frame('parse'), frame('(root)')])).toBe('other (Node.js, libraries)');
  });

  test('time per row by stage and, for our functions, including what they call', () => {
    // root → loop (runner) → prepareRow (building) ; root → (idle)
    const profile: CpuProfile = {
      nodes: [
        { id: 1, callFrame: frame('(root)'), children: [2, 4] },
        { id: 2, callFrame: frame('loop', `${SRC}/runner/activeJob.ts`), children: [3] },
        { id: 3, callFrame: frame('prepareRow', `${SRC}/services/requestFactory.ts`) },
        { id: 4, callFrame: frame('(idle)') },
      ],
      samples: [2, 3, 3, 4],
      timeDeltas: [100, 300, 300, 200],
    };
    const s = summarizeProfile(profile, 10);
    expect(s.totalUsPerRow).toBe(90);
    expect(s.stages).toEqual([
      { stage: 'building requests', usPerRow: 60 },
      { stage: 'idle (waiting: answers, the writer thread, timers)', usPerRow: 20 },
      { stage: 'the rest of Bulk Desk (the loop, throttle, progress)', usPerRow: 10 },
    ]);
    expect(s.ours).toEqual([
      { fn: 'loop src-main/runner/activeJob.ts', usPerRow: 70 },
      { fn: 'prepareRow src-main/services/requestFactory.ts', usPerRow: 60 },
    ]);
  });
});
