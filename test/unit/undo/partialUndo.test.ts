// An undo that sends the opposite call does not always give everything back: enrolling a member again
// does not bring back the learning results the removal deleted. What each undo restores and what it does
// not is data on the inverse, said wherever the undo is offered (an audit found "It can be undone
// afterwards" on "remove from course", whose own description says it cannot be).
import { describe, expect, it } from 'vitest';
import { getTemplate } from '../../../src-shared/connectors/catalog';
import { INVERSES, partialUndoWords } from '../../../src-shared/undo/inverses';

describe('partialUndoWords', () => {
  it('says what undoing a removal from a course restores and what it does not', () => {
    expect(partialUndoWords('coursepath.courses.unenrol')).toBe(
      'Undo enrols them again; their learning results in the course (scores, completion, certificate) are gone for good.',
    );
  });

  it('names what takes it back when told', () => {
    expect(partialUndoWords('coursepath.courses.unenrol', 'Sending it')).toMatch(
      /^Sending it enrols them again; /,
    );
  });

  it('says a deleted translation comes back as a new machine translation, not as it was', () => {
    expect(partialUndoWords('coassemble.translations.delete')).toMatch(
      /^Undo makes each translation again by machine translation; .* gone for good\.$/,
    );
  });

  it('says nothing where the undo gives back what the job changed, or where there is no undo', () => {
    expect(partialUndoWords('coassemble.courses.delete')).toBeNull(); // a soft delete, restored whole
    expect(partialUndoWords('coursepath.courses.enrol')).toBeNull();
    expect(partialUndoWords('coassemble.users.delete')).toBeNull(); // no undo at all
  });

  it('every template whose description says it cannot be undone, but has an inverse, says what is lost', () => {
    for (const id of Object.keys(INVERSES)) {
      const description = getTemplate(id)?.description ?? '';
      if (/cannot be undone/i.test(description)) expect(INVERSES[id]!.partial, id).toBeDefined();
    }
  });
});
