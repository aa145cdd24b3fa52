// The note of an undo recipe job's step with nothing to send for a row (src-shared/undo/nothingToUndo.ts):
// the original step and why, in the admin's words — never the derived dataset's column.
import { describe, expect, it } from 'vitest';
import { nothingToUndoNote } from '../../../src-shared/undo/nothingToUndo';

const JOB = '1a2b3c4d-0000-4000-8000-000000000000';

describe('nothingToUndoNote', () => {
  it('an original item not sent says so, with its own note', () => {
    expect(
      nothingToUndoNote('Enrol in courses', JOB, [
        { kind: 'notSent', status: 'skipped', note: 'Nothing to do: "Courses" lists no values.' },
      ]),
    ).toBe(
      'Nothing to undo for this row at "Enrol in courses" of job 1a2b3c4d: it was not sent (Nothing to do: "Courses" lists no values).',
    );
    expect(
      nothingToUndoNote('Add to groups', JOB, [
        { kind: 'notSent', status: 'skipped', note: 'Not applicable: "Client" is empty.' },
      ]),
    ).toBe(
      'Nothing to undo for this row at "Add to groups" of job 1a2b3c4d: it was not sent (Not applicable: "Client" is empty).',
    );
  });

  it('failed, blocked, and found there before: each says why; a repeated reason is said once', () => {
    expect(
      nothingToUndoNote('Enrol in courses', JOB, [
        { kind: 'notSent', status: 'failed', note: null },
        { kind: 'unchanged', why: 'the member was already enrolled before this job' },
        { kind: 'unchanged', why: 'the member was already enrolled before this job' },
      ]),
    ).toBe(
      'Nothing to undo for this row at "Enrol in courses" of job 1a2b3c4d: it failed, so it changed nothing; the member was already enrolled before this job.',
    );
    expect(
      nothingToUndoNote('Add to groups', JOB, [{ kind: 'notSent', status: 'blocked', note: null }]),
    ).toBe(
      'Nothing to undo for this row at "Add to groups" of job 1a2b3c4d: it was not sent (an earlier step of the row failed).',
    );
  });

  it('one that cannot be undone makes it "not undone"; many reasons are cut to three', () => {
    expect(
      nothingToUndoNote('Update member', JOB, [
        { kind: 'cannot', why: 'the member was not found before this job' },
      ]),
    ).toBe(
      'Not undone for this row at "Update member" of job 1a2b3c4d: the member was not found before this job.',
    );
    const many = ['a', 'b', 'c', 'd', 'e'].map((why) => ({ kind: 'unchanged' as const, why }));
    expect(nothingToUndoNote('Enrol', JOB, many)).toBe(
      'Nothing to undo for this row at "Enrol" of job 1a2b3c4d: a; b; c; and 2 more.',
    );
  });
});
