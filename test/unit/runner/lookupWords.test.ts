// What an in-doubt row's lookup says once its attempts are used up: a create not created, an invitation
// not invited, a removal not removed and an update not done (with what the read saw) — never "Not created"
// for a removal or an update.
import { describe, expect, it } from 'vitest';
import { foundWords, notDoneAfter } from '../../../src-shared/runner/lookupWords';

const read = { what: "the member's course result", seen: 'sent remove member 5 in course 3, LMS has still enrolled' };

describe('lookup words', () => {
  it('names what was not done after the attempts, by the call', () => {
    expect(notDoneAfter({ method: 'POST', id: 'coursepath.members.create' }, 2)).toBe('Not created after 2 attempts.');
    expect(notDoneAfter({ method: 'POST', id: 'coursepath.members.invite' }, 1)).toBe('Not invited after 1 attempt.');
    expect(notDoneAfter({ method: 'DELETE', id: 'coursepath.courses.unenrol' }, 1, read)).toBe(
      `Not removed after 1 attempt: ${read.seen}.`,
    );
    expect(notDoneAfter({ method: 'POST', id: 'coursepath.members.update' }, 3, { what: 'the member', seen: 'x' })).toBe(
      'Not done after 3 attempts: x.',
    );
  });

  it('a removal found done is said gone, by this request or before it', () => {
    const gone = { what: "the member's course result", seen: 'member 5 in course 3 has no course result any more' };
    expect(foundWords({ method: 'DELETE' }, 'Coursepath', gone)).toBe(
      `a read of the member's course result found ${gone.seen}: the removal took effect (or it was gone before)`,
    );
    expect(foundWords({ method: 'POST' }, 'Coursepath')).toBe('a lookup found it had reached Coursepath');
  });
});
