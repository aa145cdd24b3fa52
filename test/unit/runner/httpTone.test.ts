// How History paints an answer's HTTP status (src-shared/runner/httpTone.ts): by what the answer did to
// its row — a row that succeeded on a 409 or a 404 is not painted as an error.
import { describe, expect, it } from 'vitest';
import type { AttemptDto } from '../../../src-shared/contract/api';
import { attemptRow, httpTone, httpToneTitle } from '../../../src-shared/runner/httpTone';

describe('httpTone', () => {
  it('by the code alone where no row is told: 2xx ok, 4xx client, 5xx server, none', () => {
    expect(httpTone(201)).toBe('ok');
    expect(httpTone(409)).toBe('client');
    expect(httpTone(503)).toBe('server');
    expect(httpTone(null)).toBe('none');
  });

  it('a succeeded row told 409 (already there) or 404 (a lost removal) is settled, not an error', () => {
    expect(httpTone(409, 'succeeded')).toBe('settled');
    expect(httpTone(404, 'succeeded')).toBe('settled');
    expect(httpToneTitle(409, 'succeeded')).toBe('HTTP 409, but the row succeeded: its note says why');
  });

  it('any other row keeps the code’s colour', () => {
    expect(httpTone(409, 'failed')).toBe('client');
    expect(httpTone(500, 'retry_wait')).toBe('server');
    expect(httpTone(200, 'failed')).toBe('ok'); // the answer was a success; a read-back failed the row
    expect(httpTone(200, 'succeeded')).toBe('ok');
    expect(httpToneTitle(409, 'failed')).toBeUndefined();
  });
});

describe('a read before the write', () => {
  // The runner reads an enrolment's or a group's target before it writes it, for undo: a 404 there says
  // "not there yet", the usual answer before an add, and was painted as an error in History's attempts.
  it('told 404 (not there yet) is settled, whatever became of the row, and says why on hover', () => {
    expect(httpTone(404, undefined, 'prior')).toBe('settled');
    expect(httpTone(404, 'failed', 'prior')).toBe('settled');
    expect(httpToneTitle(404, undefined, 'prior')).toBe(
      'HTTP 404: not there before the write, as expected (its undo has nothing to put back)',
    );
  });

  it('any other failure of the read keeps its colour; a 404 on a send or a read back is still an error', () => {
    expect(httpTone(403, undefined, 'prior')).toBe('client');
    expect(httpTone(500, undefined, 'prior')).toBe('server');
    expect(httpTone(404, undefined, 'send')).toBe('client');
    expect(httpTone(404, undefined, 'readback')).toBe('client');
    expect(httpToneTitle(404, undefined, 'readback')).toBeUndefined();
  });
});

describe('attemptRow: which of a row’s attempts is painted by the row', () => {
  const kinds = (...k: AttemptDto['kind'][]) => k.map((kind) => ({ kind }));

  it('the last send of a succeeded row (the answer that settled it); earlier sends keep their colour', () => {
    const a = kinds('send', 'send');
    expect(httpTone(503, attemptRow(a, 0, 'succeeded'))).toBe('server');
    expect(httpTone(409, attemptRow(a, 1, 'succeeded'))).toBe('settled');
  });

  it('a read after the send (read back) does not take the send’s place', () => {
    const a = kinds('prior', 'send', 'readback');
    expect(attemptRow(a, 1, 'succeeded')).toBe('succeeded');
    expect(attemptRow(a, 0, 'succeeded')).toBeUndefined();
    expect(attemptRow(a, 2, 'succeeded')).toBeUndefined();
  });

  it('a lookup that settled a row in doubt is its last word', () => {
    const a = kinds('send', 'lookup');
    expect(attemptRow(a, 1, 'succeeded')).toBe('succeeded');
    expect(attemptRow(a, 0, 'succeeded')).toBeUndefined();
  });

  it('a row not known, or not settled, leaves every attempt its code’s colour', () => {
    expect(httpTone(409, attemptRow(kinds('send'), 0, undefined))).toBe('client');
    expect(httpTone(409, attemptRow(kinds('send'), 0, 'failed'))).toBe('client');
  });
});
