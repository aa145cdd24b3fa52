// What one row's answer does to the row (src-shared/runner/answerDecision.ts), case by case.
import { describe, expect, it } from 'vitest';
import {
  decideAnswer,
  MAX_THROTTLED_ATTEMPTS,
  type AnswerFacts,
} from '../../../src-shared/runner/answerDecision';

const facts = (over: Partial<AnswerFacts>): AnswerFacts => ({
  verdict: { kind: 'success' },
  noAnswer: false,
  maybeArrived: true,
  idempotent: () => false,
  attempts: 1,
  maxAttempts: 3,
  reason: () => 'HTTP 500: boom',
  ...over,
});

describe('decideAnswer', () => {
  it('a success succeeds', () => {
    expect(decideAnswer(facts({}))).toEqual({ status: 'succeeded' });
  });

  it('no answer to a call that may have arrived and is not safe to repeat: in doubt, never retried', () => {
    const d = decideAnswer(facts({ verdict: { kind: 'retry' }, noAnswer: true, reason: () => 'timed out' }));
    expect(d).toEqual({ status: 'in_doubt', error: 'timed out' });
  });

  it('no answer, but safe to repeat or proven never to have left: retried', () => {
    const retry = { verdict: { kind: 'retry' } as const, noAnswer: true, reason: () => 'timed out' };
    expect(decideAnswer(facts({ ...retry, idempotent: () => true }))).toEqual({
      status: 'retry_wait',
      error: 'timed out',
      refundAttempt: false,
    });
    expect(decideAnswer(facts({ ...retry, maybeArrived: false })).status).toBe('retry_wait');
  });

  it('asks whether the row is idempotent only when the answer is missing', () => {
    let asked = 0;
    decideAnswer(facts({ verdict: { kind: 'retry' }, idempotent: () => (asked++, false) }));
    expect(asked).toBe(0);
  });

  it('throttled: retried with the attempt given back, until the throttled limit', () => {
    const throttled = { kind: 'throttled', retryAfterMs: 1000, cause: 'rateLimited' } as const;
    expect(decideAnswer(facts({ verdict: throttled, attempts: MAX_THROTTLED_ATTEMPTS - 1 }))).toMatchObject({
      status: 'retry_wait',
      refundAttempt: true,
    });
    expect(decideAnswer(facts({ verdict: throttled, attempts: MAX_THROTTLED_ATTEMPTS }))).toEqual({
      status: 'failed',
      error: `HTTP 500: boom (gave up after ${MAX_THROTTLED_ATTEMPTS} attempts)`,
    });
  });

  it('a retryable failure fails once the attempts are used up, saying how many', () => {
    expect(decideAnswer(facts({ verdict: { kind: 'retry' }, attempts: 2 })).status).toBe('retry_wait');
    expect(decideAnswer(facts({ verdict: { kind: 'retry' }, attempts: 3 }))).toEqual({
      status: 'failed',
      error: 'HTTP 500: boom (gave up after 3 attempts)',
    });
  });

  it('a fatal answer fails at once with the LMS’s reason alone', () => {
    expect(
      decideAnswer(facts({ verdict: { kind: 'fatal' }, reason: () => 'HTTP 422: email taken' })),
    ).toEqual({
      status: 'failed',
      error: 'HTTP 422: email taken',
    });
  });
});
