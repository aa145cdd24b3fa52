// History's audit record says a job's options and mapping in words; defaults are named as defaults, and
// nothing the admin chose is left out.
import { describe, expect, it } from 'vitest';
import { describeOptions } from '../../../src-shared/runner/describeOptions';
import { describeMapping } from '../../../src-shared/mapping/describeMapping';

describe('describeOptions', () => {
  it('names the defaults when nothing was chosen', () => {
    expect(describeOptions({}, false)).toEqual([
      "Rate: the connection's default.",
      "Rolling window: the API's documented one.",
      'Requests in parallel: automatic.',
      'Attempts per row: the default.',
      'Canary: the default first rows, then a pause.',
      'Read back: the canary rows.',
      'Pause when more than 20 of the last 50 rows fail.',
      'Rows repeating a key: skipped.',
      'Rows already sent: skipped.',
      'Undo: on (each target read before its write, where the action has such a read).',
    ]);
    expect(describeOptions({}, true)).toContain('Canary: off.');
  });

  it('says every choice the admin made', () => {
    const lines = describeOptions(
      {
        dryRun: true,
        ratePerSecond: 2.5,
        rateLimit: { requests: 100, windowMs: 60_000 },
        concurrency: 8,
        maxAttempts: 3,
        timeoutMs: 10_000,
        canary: 1,
        readBack: 'all',
        breaker: null,
        allowDuplicates: true,
        resend: true,
        undo: false,
        confirm: 'DELETE 3 courses on Acme',
      },
      false,
    );
    expect(lines).toEqual([
      'Dry run: every request built and checked, nothing sent.',
      'Rate: at most 2.5/s.',
      'Rolling window: 100 requests per rolling minute.',
      'Requests in parallel: 8, pinned.',
      'Attempts per row: 3.',
      'Each answer waited for up to 10 s.',
      'Canary: the first 1 row, then a pause.',
      'Read back: every row.',
      'Pause on failures: off.',
      'Rows repeating a key: sent too.',
      'Rows already sent: sent again.',
      'Undo: off (no state kept before each write).',
      'Confirmed by typing “DELETE 3 courses on Acme”.',
    ]);
    expect(describeOptions({ rateLimit: null }, false)).toContain('Rolling window: none.');
  });
});

describe('describeMapping', () => {
  it('says where each field came from, with its transforms', () => {
    expect(
      describeMapping({
        fields: {
          email: { kind: 'column', column: 'Email', transforms: [{ kind: 'trim' }, { kind: 'lower' }] },
          name: { kind: 'template', template: '{First} {Last}' },
          role: { kind: 'constant', value: 'learner' },
          metadata: { kind: 'keyValue', entries: [{ key: 'team', column: 'Team' }] },
          company: { kind: 'none' },
        },
      }),
    ).toEqual([
      'email ← column "Email", trim spaces, lower case',
      'name ← template "{First} {Last}"',
      'role ← "learner" for every row',
      'metadata ← team from column "Team"',
      'company: not sent',
    ]);
  });
});
