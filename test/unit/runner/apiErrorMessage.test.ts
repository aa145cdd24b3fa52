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

  it("says a gateway's or a proxy's HTML page by its words, not its markup", () => {
    const nginx =
      '<html>\r\n<head><title>504 Gateway Time-out</title><style>body{color:red}</style></head>\r\n' +
      '<body>\r\n<center><h1>504 Gateway Time-out</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>';
    expect(apiErrorMessage(504, nginx)).toBe('HTTP 504: 504 Gateway Time-out 504 Gateway Time-out nginx');
    expect(apiErrorMessage(502, '<script>var x = 1;</script><p>Bad&nbsp;gateway</p>')).toBe('HTTP 502: Bad gateway');
  });

  it('says what to do when the proxy, not the LMS, wants credentials', () => {
    expect(apiErrorMessage(407, '<html>Proxy Authentication Required</html>')).toMatch(
      /^HTTP 407: the proxy wants a user name and password; give them in the proxy URL \(HTTPS_PROXY=/,
    );
  });
});
