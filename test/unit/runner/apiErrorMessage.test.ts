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

  it("cuts a very long message from the API: it is every failed row's Error cell, event and line on the terminal", () => {
    // Found by a probe: an LMS answering 422 with its whole validation dump as `message` (here 1 MB) gave each
    // row a 1 MB error — past a spreadsheet cell's 32,767 characters in the export, and in SQLite once per row
    // although the stored body is cut at 64 KB.
    const long = `email is invalid: ${'x'.repeat(1_000_000)}`;
    const said = apiErrorMessage(422, JSON.stringify({ message: long }));
    expect(said).toBe(`HTTP 422: ${long.slice(0, 1000)}… [cut at 1,000 of 1,000,018 characters]`);
    expect(apiErrorMessage(409, JSON.stringify({ error: 'y'.repeat(1000) }))).toBe(`HTTP 409: ${'y'.repeat(1000)}`);
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
