// How History paints an answer's HTTP status (src-shared/runner/httpTone.ts): by what the answer did to
// its row — a row that succeeded on a 409 or a 404 is not painted as an error.
import { describe, expect, it } from 'vitest';
import { httpTone, httpToneTitle } from '../../../src-shared/runner/httpTone';

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
