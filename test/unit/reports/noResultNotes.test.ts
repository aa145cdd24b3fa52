// Learners kept enrolled without a result (a Coursepath result answering 404): each report over
// enrolments says how many, and why they count as enrolled, not started; Content formats does not.
import { describe, expect, it } from 'vitest';
import { noResultNotes } from '../../../src-shared/reports/noResultNotes';

describe('notes on learners with no result', () => {
  const counts = [
    { source: 'Academy', learners: 3, courses: 2 },
    { source: 'Other', learners: 0, courses: 0 },
  ];

  it('names the connection, how many learners in how many courses, and how they are counted', () => {
    const [note, ...rest] = noResultNotes('compliance', counts);
    expect(rest).toEqual([]);
    expect(note).toMatch(
      /^Academy: 3 learners listed in 2 courses had no result there \(Coursepath answered 404\): counted as enrolled, not started\./,
    );
    expect(note).toMatch(/the next sync drops them/);
  });

  it('one learner reads in the singular; a report over courses only says nothing', () => {
    expect(noResultNotes('completionRate', [{ source: 'A', learners: 1, courses: 1 }])[0]).toMatch(
      /^A: 1 learner listed in a course had/,
    );
    expect(noResultNotes('contentFormats', counts)).toEqual([]);
  });
});
