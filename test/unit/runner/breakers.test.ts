import { describe, expect, it } from 'vitest';
import { Breakers } from '../../../src-shared/runner/breakers';
import type { JobEventFact } from '../../../src-shared/runner/jobEvents';

describe('circuit breakers', () => {
  it('opens after 3 refusals of the credentials in a row, naming the connection, and hands those rows back', () => {
    const b = new Breakers({ failures: 20, window: 50 }, 'Acme');
    expect(b.record({ kind: 'refused', itemId: 1, message: 'HTTP 401: Invalid API key' })).toBeNull();
    expect(b.record({ kind: 'refused', itemId: 2, message: 'HTTP 401: Invalid API key' })).toBeNull();
    const trip = b.record({ kind: 'refused', itemId: 3, message: 'HTTP 401: Invalid API key' });
    expect(trip).toMatchObject({ kind: 'auth', requeue: [1, 2, 3] });
    expect(trip?.message).toMatch(/refused the credentials of "Acme" 3 times in a row \(HTTP 401: Invalid API key\)/);
  });

  it('a success between refusals breaks the run (a 403 for one member is that row failing)', () => {
    const b = new Breakers(null, 'Acme');
    b.record({ kind: 'refused', itemId: 1, message: 'HTTP 403: forbidden' });
    b.record({ kind: 'refused', itemId: 2, message: 'HTTP 403: forbidden' });
    expect(b.record({ kind: 'success' })).toBeNull();
    expect(b.record({ kind: 'refused', itemId: 4, message: 'HTTP 403: forbidden' })).toBeNull();
  });

  it('an answer to a request that left before the first refusal does not break the run (a key revoked meanwhile)', () => {
    const b = new Breakers(null, 'Acme');
    const refused = (itemId: number, sentAt: number) =>
      b.record({ kind: 'refused', itemId, message: 'HTTP 401: Invalid API key', sentAt });
    expect(refused(41, 100)).toBeNull();
    expect(refused(42, 100)).toBeNull();
    expect(b.record({ kind: 'success', sentAt: 99 })).toBeNull(); // accepted with the key as it was
    expect(b.record({ kind: 'success', sentAt: 100 })).toBeNull(); // left with them (one turn): not known after
    expect(b.record({ kind: 'failed', message: 'HTTP 500', sentAt: 90 })).toBeNull();
    expect(refused(43, 101)).toMatchObject({ kind: 'auth', requeue: [41, 42, 43] });
    // Out when it opened: still the key's, though answered after an earlier request's success.
    expect(b.record({ kind: 'success', sentAt: 98 })).toBeNull();
    expect(refused(44, 101)).toBeNull();
    expect(b.unjudged()).toMatchObject({ kind: 'auth', requeue: [44] });
    // A success that left after the refusals breaks the run: the key works.
    expect(b.record({ kind: 'success', sentAt: 102 })).toBeNull();
    expect(b.unjudged()).toBeNull();
  });

  it('opens when more than N of the last W finished rows failed, with the most common error, then counts afresh', () => {
    const b = new Breakers({ failures: 2, window: 5 }, 'Acme');
    const fail = (m = 'HTTP 400: email is invalid') => b.record({ kind: 'failed', message: m });
    expect(fail()).toBeNull();
    expect(b.record({ kind: 'success' })).toBeNull();
    expect(fail('HTTP 404: not found')).toBeNull();
    for (let i = 0; i < 5; i++) b.record({ kind: 'success' }); // the failures slide out of the window
    expect(fail()).toBeNull();
    expect(fail()).toBeNull();
    const trip = fail();
    expect(trip?.kind).toBe('failureRate');
    expect(trip?.message).toMatch(/3 of the last 5 rows failed \(more than 2 of 5\); most often "HTTP 400: email is invalid" \(3×\)/);
    expect(fail()).toBeNull(); // counting afresh after the pause
  });

  it('is off when the failure-rate breaker is null', () => {
    const b = new Breakers(null, 'Acme');
    for (let i = 0; i < 100; i++) expect(b.record({ kind: 'failed', message: 'x' })).toBeNull();
  });

  describe("a refused row's failure is said once the run of refusals is judged", () => {
    const failed = (rowNumber: number): JobEventFact => ({
      kind: 'failed',
      at: rowNumber,
      rowNumber,
      status: 401,
      detail: 'HTTP 401: no',
    });
    const refused = (itemId: number) => ({
      kind: 'refused' as const,
      itemId,
      message: 'HTTP 401: no',
      said: failed(itemId + 1),
    });
    const world = () => {
      const said: JobEventFact[] = [];
      return { said, b: new Breakers(null, 'Acme', (f) => said.push(f)) };
    };

    it('never, when the breaker opens: those rows go back to pending', () => {
      const { b, said } = world();
      b.record(refused(1));
      b.record(refused(2));
      expect(said).toEqual([]);
      expect(b.record(refused(3))?.kind).toBe('auth');
      b.end();
      expect(said).toEqual([]);
    });

    it('when something else breaks the run: those rows did fail, and say so before what broke it', () => {
      const { b, said } = world();
      b.record(refused(1));
      b.record(refused(2));
      b.record({ kind: 'success' });
      expect(said).toEqual([failed(2), failed(3)]);
      b.record(refused(4));
      b.record({ kind: 'failed', message: 'HTTP 400: bad' });
      expect(said.map((f) => f.rowNumber)).toEqual([2, 3, 5]);
    });

    it('when the job stops with the run undecided: those rows stay failed', () => {
      const { b, said } = world();
      b.record(refused(1));
      b.end();
      expect(said).toEqual([failed(2)]);
      b.end();
      expect(said).toHaveLength(1);
    });
  });

  describe('a run that stops before a 3rd refusal (a short canary, the last rows)', () => {
    it('with nothing but refusals: judged as the key, those rows handed back, said as the breaker says it', () => {
      const said: JobEventFact[] = [];
      const b = new Breakers(null, 'Acme', (f) => said.push(f));
      expect(b.unjudged()).toBeNull(); // nothing refused
      b.record({ kind: 'refused', itemId: 7, message: 'HTTP 401: Invalid JWT signature' });
      expect(b.unjudged()).toEqual({
        kind: 'auth',
        requeue: [7],
        message:
          'The LMS refused the credentials of "Acme" for the one row sent (HTTP 401: Invalid JWT signature). ' +
          'The key may be wrong, expired or revoked: check it under Connections (Test). ' +
          'No row was marked failed; the rows not sent stay pending until you resume.',
      });
      b.record({ kind: 'refused', itemId: 8, message: 'HTTP 401: Invalid JWT signature' });
      const trip = b.unjudged();
      expect(trip?.requeue).toEqual([7, 8]);
      expect(trip?.message).toMatch(
        /^The LMS refused the credentials of "Acme" for each of the 2 rows sent \(HTTP 401/,
      );
      expect(said).toEqual([]);
    });

    it("not when anything else in the run was answered: the refusals are those rows' own", () => {
      const b = new Breakers(null, 'Acme');
      b.record({ kind: 'success' });
      b.record({ kind: 'refused', itemId: 2, message: 'HTTP 403: forbidden' });
      expect(b.unjudged()).toBeNull();
      const c = new Breakers(null, 'Acme');
      c.record({ kind: 'failed', message: 'HTTP 422: email is invalid' });
      c.record({ kind: 'refused', itemId: 2, message: 'HTTP 403: forbidden' });
      expect(c.unjudged()).toBeNull();
    });

    it('not when the key was accepted elsewhere (a read, the check before resuming)', () => {
      const b = new Breakers(null, 'Acme');
      b.keyAccepted();
      b.record({ kind: 'refused', itemId: 1, message: 'HTTP 403: forbidden' });
      expect(b.unjudged()).toBeNull();
    });
  });

  it('after it opened for the key, the refusals still coming back (requests out at the time) are the key’s too, not failures', () => {
    // A key revoked mid-job: the LMS accepted the first rows, then refused everything.
    const said: JobEventFact[] = [];
    const b = new Breakers(null, 'Acme', (f) => said.push(f));
    b.record({ kind: 'success' });
    const refused = (itemId: number) => ({
      kind: 'refused' as const,
      itemId,
      message: 'HTTP 401: Invalid API key',
      said: { kind: 'failed' as const, at: 0, rowNumber: itemId + 1, detail: 'HTTP 401: Invalid API key' },
    });
    for (const id of [1, 2]) b.record(refused(id));
    expect(b.record(refused(3))).toMatchObject({ kind: 'auth', requeue: [1, 2, 3] });
    b.record(refused(4)); // in flight when the breaker opened
    b.record(refused(5));
    expect(b.unjudged()?.requeue).toEqual([4, 5]);
    expect(said).toEqual([]);
  });
});
