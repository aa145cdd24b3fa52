import { describe, expect, it } from 'vitest';
import {
  credentialsCheckedFact,
  judgeCredentialsCheck,
  stillRefusedReason,
} from '../../../src-shared/runner/credentialsCheck';
import { describeJobEvent } from '../../../src-shared/runner/jobEvents';

const answer = (status: number, body: unknown) => ({ status, body: JSON.stringify(body) });

describe('the credentials check before a job paused for refused credentials resumes', () => {
  it('is refused as a row would be: a 401, or a 403 that is not about a rate limit', () => {
    expect(judgeCredentialsCheck(answer(401, { message: 'Invalid JWT signature' }), 'x')).toEqual({
      kind: 'refused',
      status: 401,
      error: 'HTTP 401: Invalid JWT signature',
    });
    expect(judgeCredentialsCheck(answer(403, { error: 'Not an administrator' }), 'x')).toMatchObject({
      kind: 'refused',
      status: 403,
    });
    expect(judgeCredentialsCheck(answer(200, { email: 'a@example.com' }), 'x')).toEqual({
      kind: 'accepted',
      status: 200,
    });
  });

  it('is refused when a web page answers instead of the API (a sign-in page): a resumed job would send rows into it', () => {
    const page = { status: 200, body: '<!doctype html><html><head><title>Sign in – Acme SSO</title></head></html>' };
    const check = judgeCredentialsCheck(page, 'x');
    expect(check).toMatchObject({ kind: 'refused', status: 200, page: true });
    expect(check.kind === 'refused' && check.error).toMatch(/^HTTP 200, but the answer is a web page \(“Sign in – Acme SSO”\)/);
    expect(stillRefusedReason('Acme Prod', 'HTTP 200, but the answer is a web page.', true)).toBe(
      'The LMS\'s API still does not answer for "Acme Prod": a web page came instead (checked before sending: HTTP 200, ' +
        'but the answer is a web page). Nothing was sent. Check the base URL and the proxy under Connections (Test), then resume.',
    );
  });

  it('has no verdict when nothing answered or the answer says nothing about the key: the rows go as usual', () => {
    expect(judgeCredentialsCheck(null, 'connect ECONNREFUSED')).toEqual({
      kind: 'unsure',
      status: null,
      why: 'connect ECONNREFUSED',
    });
    for (const [status, body] of [
      [403, { message: 'Rate limit exceeded' }],
      [429, {}],
      [503, {}],
      [500, {}],
      [404, {}],
    ] as const)
      expect(judgeCredentialsCheck(answer(status, body), 'why').kind, String(status)).toBe('unsure');
  });

  it("says in the admin's words that nothing was sent, and what to do", () => {
    expect(stillRefusedReason('Acme Prod', 'HTTP 401: Invalid JWT signature.')).toBe(
      'The LMS still refuses the credentials of "Acme Prod" (checked before sending: HTTP 401: Invalid JWT signature). ' +
        'Nothing was sent. Fix the key under Connections (Test), then resume.',
    );
  });

  it('is kept in the job events, whatever it found', () => {
    const say = (check: Parameters<typeof credentialsCheckedFact>[2]) => {
      const f = credentialsCheckedFact('Acme', 'GET /api/v1/members/me', check, 5);
      return describeJobEvent({
        kind: f.kind,
        count: 1,
        rows: [],
        status: f.status ?? null,
        retryAfterMs: null,
        ratePerSecond: null,
        detail: f.detail ?? null,
        retryInMs: null,
      });
    };
    expect(say({ kind: 'accepted', status: 200 })).toBe(
      'Checked the credentials of "Acme" before resuming (GET /api/v1/members/me): accepted.',
    );
    expect(say({ kind: 'refused', status: 401, error: 'HTTP 401: Invalid JWT signature' })).toBe(
      'Checked the credentials of "Acme" before resuming (GET /api/v1/members/me): refused, HTTP 401: Invalid JWT signature.',
    );
    expect(say({ kind: 'unsure', status: null, why: 'The connection was refused.' })).toBe(
      'Checked the credentials of "Acme" before resuming (GET /api/v1/members/me): no verdict (The connection was refused); ' +
        'the rows are sent as usual, and refusals pause the job again.',
    );
  });
});
