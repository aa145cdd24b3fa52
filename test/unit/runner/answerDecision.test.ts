// What one row's answer does to the row (src-shared/runner/answerDecision.ts), case by case.
import { describe, expect, it } from 'vitest';
import { TEMPLATES } from '../../../src-shared/connectors/catalog';
import { readBackFor } from '../../../src-shared/connectors/readBacks';
import {
  rowIsIdempotentAddition,
  rowIsIdempotentRemoval,
} from '../../../src-shared/connectors/rowIdempotent';
import {
  addedByRowOf,
  decideAnswer,
  isAlreadyThere,
  MAX_THROTTLED_ATTEMPTS,
  readsStateWhenRefused,
  type AnswerFacts,
  type StateRead,
} from '../../../src-shared/runner/answerDecision';

const facts = (over: Partial<AnswerFacts>): AnswerFacts => ({
  verdict: { kind: 'success' },
  noAnswer: false,
  maybeArrived: true,
  idempotent: () => false,
  attempts: 1,
  maxAttempts: 3,
  reason: () => 'HTTP 500: boom',
  status: null,
  removal: () => false,
  addition: () => false,
  earlierLost: () => false,
  sawThere: () => null,
  addedByRow: () => null,
  goneBefore: () => null,
  reversal: false,
  sawGone: () => false,
  stateRead: null,
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
    // One attempt allowed (--max-attempts 1): the plural is right.
    expect(decideAnswer(facts({ verdict: { kind: 'retry' }, attempts: 1, maxAttempts: 1 }))).toEqual({
      status: 'failed',
      error: 'HTTP 500: boom (gave up after 1 attempt)',
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

  describe('a removal told "not found" on a retry', () => {
    const gone = {
      verdict: { kind: 'fatal' } as const,
      status: 404,
      reason: () => 'HTTP 404: Member is not enrolled in this course',
      removal: () => true,
      earlierLost: () => true,
      attempts: 2,
    };

    it('succeeds when an earlier attempt’s answer was lost: that attempt had most likely done it', () => {
      const d = decideAnswer(facts(gone));
      expect(d.status).toBe('succeeded');
      expect(d.status === 'succeeded' && d.note).toBe(
        'An earlier attempt, whose answer was lost, had most likely already done this removal: sent again, ' +
          'the LMS answered "HTTP 404: Member is not enrolled in this course". It is not there now, as the row asks.',
      );
      expect(decideAnswer(facts({ ...gone, status: 410 })).status).toBe('succeeded');
    });

    it('fails as before when nothing was lost before, or it is not a removal, or the answer is another', () => {
      const failed = { status: 'failed', error: 'HTTP 404: Member is not enrolled in this course' };
      expect(decideAnswer(facts({ ...gone, earlierLost: () => false, attempts: 1 }))).toEqual(failed);
      expect(decideAnswer(facts({ ...gone, removal: () => false }))).toEqual(failed); // e.g. an enrol
      expect(decideAnswer(facts({ ...gone, status: 400, reason: () => 'HTTP 400: bad' }))).toEqual({
        status: 'failed',
        error: 'HTTP 400: bad',
      });
    });

    it('nothing lost, and the read before found it already gone: still failed (it may be a mistyped id), saying what is known', () => {
      const course = {
        ...gone,
        earlierLost: () => false,
        attempts: 1,
        reason: () => 'HTTP 404: Course not found',
      };
      expect(decideAnswer(facts({ ...course, goneBefore: () => 'course 123' }))).toEqual({
        status: 'failed',
        error:
          'HTTP 404: Course not found — no course 123 at this LMS: the read just before this removal found it ' +
          'already gone (removed before this job, or a mistyped id)',
      });
      // No read, one that saw it there, or one that cannot name it: the LMS's words alone.
      expect(decideAnswer(facts({ ...course, goneBefore: () => null }))).toEqual({
        status: 'failed',
        error: 'HTTP 404: Course not found',
      });
      // After a lost send the read is from before that send: the removal holds, as above.
      expect(
        decideAnswer(facts({ ...course, earlierLost: () => true, goneBefore: () => 'course 123' })).status,
      ).toBe('succeeded');
    });

    it('an undo job\'s removal told "not found", whose read just before found it gone: succeeded, nothing left to take back', () => {
      const group = {
        ...gone,
        earlierLost: () => false,
        attempts: 1,
        reason: () => 'HTTP 404: Member is not in group Engineering',
        reversal: true,
      };
      expect(decideAnswer(facts({ ...group, sawGone: () => true, goneBefore: () => 'group Engineering' }))).toEqual({
        status: 'succeeded',
        note:
          'Nothing left to take back: the LMS answered "HTTP 404: Member is not in group Engineering", and the read ' +
          'just before this undo found group Engineering already gone (removed since the job it undoes).',
      });
      // No read that saw it gone: still the LMS's failure, as for any job.
      expect(decideAnswer(facts({ ...group, sawGone: () => false }))).toEqual({
        status: 'failed',
        error: 'HTTP 404: Member is not in group Engineering',
      });
    });

    it('asks what the read before saw only of a removal told "not found" with nothing lost before', () => {
      let asked = 0;
      const goneBefore = () => (asked++, 'course 1');
      decideAnswer(facts({ ...gone, goneBefore })); // lost before
      decideAnswer(facts({ ...gone, earlierLost: () => false, status: 400, goneBefore }));
      decideAnswer(facts({ ...gone, earlierLost: () => false, removal: () => false, goneBefore }));
      decideAnswer(facts({ verdict: { kind: 'success' }, status: 200, removal: () => true, goneBefore }));
      expect(asked).toBe(0);
      decideAnswer(facts({ ...gone, earlierLost: () => false, goneBefore }));
      expect(asked).toBe(1);
    });

    it('counts as removals the catalog’s DELETE calls only: never a create, an enrol or an update', () => {
      const built = { method: 'DELETE', pathAndQuery: '/x', headers: {}, body: null };
      const removals = TEMPLATES.filter((t) => rowIsIdempotentRemoval(t, built)).map((t) => t.id);
      expect(removals).toEqual(TEMPLATES.filter((t) => t.method === 'DELETE').map((t) => t.id));
      expect(removals).toContain('coursepath.courses.unenrol');
      expect(removals).toContain('coassemble.users.delete');
      expect(removals).not.toContain('coursepath.courses.enrol');
    });

    it('asks about earlier attempts only for a removal answered 404 or 410', () => {
      let asked = 0;
      const earlierLost = () => (asked++, true);
      decideAnswer(facts({ ...gone, status: 409, earlierLost }));
      decideAnswer(facts({ ...gone, removal: () => false, earlierLost }));
      decideAnswer(facts({ verdict: { kind: 'success' }, status: 200, removal: () => true, earlierLost }));
      expect(asked).toBe(0);
    });
  });

  describe('an addition told "conflict" on a retry', () => {
    // Coursepath's answer to a repeated enrolment is unknown (evidence.md): 200, or a 409 as the sandbox's
    // strictRepeats gives. The second is no failure when the lost first send is what put the member there.
    const there = {
      verdict: { kind: 'fatal' } as const,
      status: 409,
      reason: () => 'HTTP 409: Member is already enrolled in this course',
      addition: () => true,
      earlierLost: () => true,
      attempts: 2,
    };

    it('succeeds when an earlier attempt’s answer was lost: that attempt had most likely done it', () => {
      const d = decideAnswer(facts(there));
      expect(d.status).toBe('succeeded');
      expect(d.status === 'succeeded' && d.note).toBe(
        'An earlier attempt, whose answer was lost, had most likely already done this addition: sent again, ' +
          'the LMS answered "HTTP 409: Member is already enrolled in this course". It says it is there, as the row asks.',
      );
    });

    it('succeeds when nothing was lost before: it was there before this job, as the row asks', () => {
      // The same row answered 200 under the lenient reading succeeds; a 409 saying so is no failure either
      // (nor one for the failure breaker), and it says this job did not add it (so its undo leaves it).
      const d = decideAnswer(facts({ ...there, earlierLost: () => false, attempts: 1 }));
      expect(d).toEqual({
        status: 'succeeded',
        note:
          'Already there before this job: the LMS answered 409 "Member is already enrolled in this course". ' +
          'This job did not add it, and undoing the job leaves it there.',
      });
      expect(isAlreadyThere(d.status === 'succeeded' ? d.note : undefined)).toBe(true);
    });

    it('with nothing lost, succeeds when the read before saw it there, or no read says; fails when it saw it not there', () => {
      const once = { ...there, earlierLost: () => false, attempts: 1 };
      expect(decideAnswer(facts({ ...once, sawThere: () => true })).status).toBe('succeeded');
      expect(decideAnswer(facts({ ...once, sawThere: () => null })).status).toBe('succeeded');
      // 409 is documented by neither LMS: one to an add whose member was not there is no repeat.
      expect(decideAnswer(facts({ ...once, sawThere: () => false }))).toEqual({
        status: 'failed',
        error:
          'HTTP 409: Member is already enrolled in this course — not a repeat: the read just before this write found it not there yet',
      });
      // After a lost send the read is from before that send: the lost send may have added it since.
      expect(decideAnswer(facts({ ...there, sawThere: () => false })).status).toBe('succeeded');
    });

    it('a repeat of an add another row of this job made (allowDuplicates) names that row, whatever its read saw', () => {
      const repeat = { ...there, earlierLost: () => false, attempts: 1, addedByRow: () => 2 };
      for (const sawThere of [() => true, () => false, () => null]) {
        const d = decideAnswer(facts({ ...repeat, sawThere }));
        expect(d).toEqual({
          status: 'succeeded',
          note:
            'Already there: row 2 of this job added it; the LMS answered 409 "Member is already enrolled in this course". ' +
            'This row did not add it: undoing the job takes it back once, with row 2.',
        });
        // Not this row's doing: its undo leaves it to row 2's.
        expect(isAlreadyThere(d.status === 'succeeded' ? d.note : undefined)).toBe(true);
        expect(addedByRowOf(d.status === 'succeeded' ? d.note : undefined)).toBe(2);
      }
      // A lost send of this row comes first: that send most likely added it.
      expect(decideAnswer(facts({ ...there, addedByRow: () => 2 }))).toMatchObject({
        note: expect.stringMatching(/^An earlier attempt, whose answer was lost/),
      });
      expect(addedByRowOf('Already there before this job: the LMS answered 409.')).toBeNull();
    });

    it('quotes a long LMS message shortened, and says 409 alone when the LMS gave no words', () => {
      const long = 'x'.repeat(300);
      const d = decideAnswer(
        facts({ ...there, earlierLost: () => false, reason: () => `HTTP 409: ${long}` }),
      );
      expect(d.status === 'succeeded' && d.note).toContain(
        `answered 409 "${'x'.repeat(80)}"… (300 characters in all).`,
      );
      const bare = decideAnswer(facts({ ...there, earlierLost: () => false, reason: () => 'HTTP 409' }));
      expect(bare.status === 'succeeded' && bare.note).toMatch(
        /^Already there before this job: the LMS answered 409\. /,
      );
    });

    it('a lost send’s note is not the "already there before this job" one (its undo removes what it added)', () => {
      const d = decideAnswer(facts(there));
      expect(isAlreadyThere(d.status === 'succeeded' ? d.note : undefined)).toBe(false);
      expect(isAlreadyThere(null)).toBe(false);
    });

    it('fails with the LMS’s words for anything else told 409 or a 404', () => {
      const failed = { status: 'failed', error: 'HTTP 409: Member is already enrolled in this course' };
      expect(decideAnswer(facts({ ...there, addition: () => false }))).toEqual(failed); // e.g. a member update
      expect(decideAnswer(facts({ ...there, status: 404, reason: () => 'HTTP 404: no' })).status).toBe(
        'failed',
      );
    });

    it('counts as additions the membership adds only: never a create, an update or a removal', () => {
      const built = { method: 'POST', pathAndQuery: '/x', headers: {}, body: null };
      const additions = TEMPLATES.filter((t) => rowIsIdempotentAddition(t, built)).map((t) => t.id);
      expect(additions.sort()).toEqual([
        'coursepath.courses.enrol',
        'coursepath.groups.add',
        'coursepath.programs.add',
      ]);
    });

    it('asks about earlier attempts and other rows only for an addition answered 409', () => {
      let asked = 0;
      const earlierLost = () => (asked++, true);
      const addedByRow = () => (asked++, 2);
      decideAnswer(facts({ ...there, status: 404, earlierLost, addedByRow }));
      decideAnswer(facts({ ...there, addition: () => false, earlierLost, addedByRow }));
      decideAnswer(
        facts({ verdict: { kind: 'success' }, status: 200, addition: () => true, earlierLost, addedByRow }),
      );
      expect(asked).toBe(0);
    });
  });

  describe('a state change (restore, publish, revert) refused after a lost answer, its course read', () => {
    const refused = {
      verdict: { kind: 'fatal' } as const,
      status: 400,
      attempts: 2,
      reason: () => 'HTTP 400: Course is not deleted',
    };
    const read = (verdict: StateRead['verdict'], unseen: string | null = null): StateRead => ({
      what: "the course's state",
      name: 'course 41234',
      verdict,
      unseen,
    });

    it('in the state the row asks for: succeeded, saying the lost attempt most likely did it and what the read found', () => {
      const d = decideAnswer(
        facts({ ...refused, stateRead: read({ kind: 'match', detail: 'the course is draft' }) }),
      );
      expect(d).toEqual({
        status: 'succeeded',
        note:
          'An earlier attempt, whose answer was lost, had most likely already done this: sent again, the LMS ' +
          'answered "HTTP 400: Course is not deleted", and a read of the course\'s state then found the course ' +
          'is draft, as the row asks.',
      });
      expect(isAlreadyThere(d.status === 'succeeded' ? d.note : undefined)).toBe(false); // this job did it
    });

    it('a revert says what a read cannot show', () => {
      const d = decideAnswer(
        facts({
          ...refused,
          reason: () => 'HTTP 400: Nothing to revert',
          stateRead: read(
            { kind: 'match', detail: 'the course is published' },
            'Whether its draft changes were discarded does not show in a read.',
          ),
        }),
      );
      expect(d.status === 'succeeded' && d.note).toMatch(
        /found the course is published, as the row asks\. Whether its draft changes were discarded does not show in a read\.$/,
      );
    });

    it('not in that state: failed with the LMS’s words and what the read found', () => {
      const d = decideAnswer(
        facts({ ...refused, stateRead: read({ kind: 'mismatch', sent: 'restore', lms: 'state=deleted' }) }),
      );
      expect(d).toEqual({
        status: 'failed',
        error:
          "HTTP 400: Course is not deleted — an earlier attempt's answer was lost, but a read of the course's " +
          'state finds this not done: state=deleted',
      });
    });

    it('a read that cannot tell: failed (the safe side), saying the answer was lost and which course to check', () => {
      const d = decideAnswer(
        facts({
          ...refused,
          stateRead: read({ kind: 'unreadable', why: 'reading the course answered HTTP 500' }),
        }),
      );
      expect(d).toEqual({
        status: 'failed',
        error:
          "HTTP 400: Course is not deleted — an earlier attempt's answer was lost, and it may have done this " +
          "already, but reading the course's state could not tell (reading the course answered HTTP 500): " +
          'check course 41234 in the LMS',
      });
    });

    it('the read is called for by a refusal of a state change only: not a success, a 5xx, a 429, nor a refusal of the key', () => {
      const fatal = { kind: 'fatal' } as const;
      expect(readsStateWhenRefused(true, fatal, 400)).toBe(true);
      expect(readsStateWhenRefused(true, fatal, 404)).toBe(true);
      expect(readsStateWhenRefused(true, fatal, 409)).toBe(true);
      expect(readsStateWhenRefused(false, fatal, 400)).toBe(false); // not a state change
      expect(readsStateWhenRefused(true, { kind: 'success' }, 200)).toBe(false);
      expect(readsStateWhenRefused(true, { kind: 'retry' }, 500)).toBe(false);
      expect(
        readsStateWhenRefused(true, { kind: 'throttled', retryAfterMs: 1000, cause: 'rateLimited' }, 429),
      ).toBe(false);
      expect(readsStateWhenRefused(true, fatal, 401)).toBe(false);
      expect(readsStateWhenRefused(true, fatal, 403)).toBe(false);
      expect(readsStateWhenRefused(true, fatal, null)).toBe(false);
    });

    it('the state changes are the course restore, publish and revert, each with a read of the course', () => {
      const ids = TEMPLATES.filter((t) => t.stateChange).map((t) => t.id);
      expect(ids.sort()).toEqual([
        'coassemble.courses.publish',
        'coassemble.courses.restore',
        'coassemble.courses.revert',
      ]);
      for (const id of ids) expect(readBackFor(id)?.name, id).toBeTypeOf('function');
    });
  });
});
