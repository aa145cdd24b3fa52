// What a row acts on, as History's and Plan's "Acts on" show it. An enrolment acts on a course and a
// member, and History showed "12 · 345" (Plan "courseId=12 memberId=345"): which id is the course?
import { describe, expect, it } from 'vitest';
import { keyWords } from '../../../src-shared/connectors/keyWords';

describe('keyWords', () => {
  it('names each part of a key by what it is', () => {
    expect(keyWords('courseId=12 memberId=345')).toBe('course 12 · member 345');
    expect(keyWords('programId=7 email=ann@example.com')).toBe('program 7 · email ann@example.com');
    expect(keyWords('memberId=5 name=sales team')).toBe('member 5 · group sales team');
    expect(keyWords('courseId=3 language=fr')).toBe('course 3 · language fr');
  });

  it('a field not named here keeps its own name', () => {
    expect(keyWords('courseId=12 clientIdentifier=acme')).toBe('course 12 · client acme');
    expect(keyWords('screenCount=4 identifier=x')).toBe('screenCount 4 · identifier x');
  });

  it('a key of one part says what it is already, and is left as it is', () => {
    expect(keyWords('email=ann@example.com')).toBe('email=ann@example.com');
    expect(keyWords('request=0123456789abcdef')).toBe('request=0123456789abcdef');
  });
});
