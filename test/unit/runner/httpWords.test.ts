// The test send's answer on Preview said its status twice ("201 HTTP 201"): the code once, then in words.
import { describe, expect, it } from 'vitest';
import { httpWords } from '../../../src-shared/runner/httpWords';

describe('httpWords', () => {
  it('names the codes an LMS answers with', () => {
    expect(httpWords(200)).toBe('OK');
    expect(httpWords(201)).toBe('Created');
    expect(httpWords(204)).toBe('No Content');
    expect(httpWords(404)).toBe('Not Found');
    expect(httpWords(409)).toBe('Conflict');
    expect(httpWords(422)).toBe('Unprocessable Content');
    expect(httpWords(429)).toBe('Too Many Requests');
    expect(httpWords(503)).toBe('Service Unavailable');
  });

  it('says what kind of answer an unnamed code is, and that no answer came', () => {
    expect(httpWords(299)).toBe('success');
    expect(httpWords(399)).toBe('redirect');
    expect(httpWords(499)).toBe('refused by the LMS');
    expect(httpWords(599)).toBe('LMS error');
    expect(httpWords(null)).toBe('no response');
  });
});
