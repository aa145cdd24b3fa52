import { describe, expect, it } from 'vitest';
import { apiErrorMessage } from '../../../src-shared/runner/classifyResponse';

describe('the message a failed row shows', () => {
  it("is the API's own message when it gives one", () => {
    expect(apiErrorMessage(422, JSON.stringify({ message: 'email is invalid' }))).toBe(
      'HTTP 422: email is invalid',
    );
    expect(apiErrorMessage(409, JSON.stringify({ error: 'member exists' }))).toBe('HTTP 409: member exists');
  });

  it('is the start of the body otherwise, or the status alone', () => {
    expect(apiErrorMessage(502, `  Bad gateway ${'x'.repeat(300)}`)).toBe(
      `HTTP 502: Bad gateway ${'x'.repeat(188)}`,
    );
    expect(apiErrorMessage(404, '')).toBe('HTTP 404');
  });

  it('says what to do when the proxy, not the LMS, wants credentials', () => {
    expect(apiErrorMessage(407, '<html>Proxy Authentication Required</html>')).toMatch(
      /^HTTP 407: the proxy wants a user name and password; give them in the proxy URL \(HTTPS_PROXY=/,
    );
  });
});
