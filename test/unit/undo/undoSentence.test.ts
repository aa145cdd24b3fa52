// A confirmation tells the truth about undo: from the same table the undo job is made from, not a blanket
// "cannot be undone" (what every confirmation said, also for a course delete that Undo restores).
import { describe, expect, it } from 'vitest';
import { INVERSES, IRREVERSIBLE, undoOf } from '../../../src-shared/undo/inverses';
import { OFFBOARD_LEARNERS, ONBOARD_LEARNERS, PROVISION_LEARNERS } from '../../../src-shared/recipes/builtins';
import {
  jobUndoSentence,
  planUndoSentence,
  recipeUndoSentence,
  testSendUndoSentence,
  undoAnywhere,
  UNDO_IN_CLI,
} from '../../../src-shared/undo/undoSentence';

describe('jobUndoSentence', () => {
  it('a course delete can be undone from History, naming the call that restores it', () => {
    const s = jobUndoSentence('coassemble.courses.delete');
    expect(s.undoable).toBe(true);
    expect(s.text).toMatch(/^It can be undone afterwards: History's "Undo this job" sends/);
    expect(jobUndoSentence('coassemble.courses.delete', false, UNDO_IN_CLI).text).toContain(
      '`bulk-desk jobs undo <job-id>` (with the id the run prints) sends',
    );
    // Once the job exists, its id: a hint that runs as printed.
    expect(jobUndoSentence('coassemble.courses.delete', false, undoAnywhere('J1')).text).toContain(
      'History\'s "Undo this job" (or `bulk-desk jobs undo J1`) sends',
    );
    expect(s.text).toContain('Coassemble: restore course');
    expect(s.text).not.toMatch(/cannot be undone/);
  });

  it('a user delete cannot, and says why', () => {
    const s = jobUndoSentence('coassemble.users.delete');
    expect(s).toEqual({
      undoable: false,
      text: `It cannot be undone. ${IRREVERSIBLE['coassemble.users.delete']}`,
    });
  });

  it('with the reads before each write turned off, a template whose undo needs them cannot be undone', () => {
    expect(jobUndoSentence('coursepath.members.update', true).undoable).toBe(false);
    expect(jobUndoSentence('coursepath.members.update', true).text).toMatch(/does not read each row/);
    expect(jobUndoSentence('coursepath.members.update', false).undoable).toBe(true);
  });

  it('every template with an inverse names a template of the catalog, never an id', () => {
    for (const id of Object.keys(INVERSES))
      expect(jobUndoSentence(id).text, id).not.toMatch(/"[a-z]+\.[a-zA-Z.]+"/);
  });

  it('an undo that cannot give everything back says what it restores and what it does not', () => {
    // An audit: "remove from course" offered "It can be undone afterwards", yet its results are deleted.
    const s = jobUndoSentence('coursepath.courses.unenrol', false, UNDO_IN_CLI);
    expect(s.undoable).toBe(true);
    expect(s.text).not.toMatch(/undone afterwards/);
    expect(s.text).toMatch(
      /^It can be undone only in part: `bulk-desk jobs undo <job-id>` \(with the id the run prints\) sends "Coursepath: enrol in course"/,
    );
    expect(s.text).toContain(
      'Undo enrols them again; their learning results in the course (scores, completion, certificate) are gone for good.',
    );
    expect(jobUndoSentence('coassemble.translations.delete').text).toMatch(
      /^It can be undone only in part: .*Undo makes each translation again by machine translation; .* gone for good\.$/,
    );
    // Coassemble's translation list says nothing of hand edits, so the undo (a delete) cannot check for them.
    expect(jobUndoSentence('coassemble.translations.create').text).toMatch(
      /^It can be undone only in part: .*Undo deletes each translation this job made; edits made by hand to one since the job are deleted with it \(Coassemble does not say whether a translation was edited, so Bulk Desk cannot check\)\.$/,
    );
    const spec = undoOf('coassemble.translations.create');
    expect('note' in spec && spec.note).toMatch(/is deleted, with any edits made by hand to it since the job: .* cannot check\.$/);
    expect(testSendUndoSentence('coursepath.courses.unenrol').text).toMatch(
      /for this row\. Sending it enrols them again; their learning results .* gone for good\.$/,
    );
  });

  it('an unknown template or a manual configuration cannot be undone', () => {
    expect(jobUndoSentence('nobody.knows').undoable).toBe(false);
  });
});

describe('testSendUndoSentence', () => {
  it('a test send is never undone by History, but the opposite call is named where there is one', () => {
    const s = testSendUndoSentence('coassemble.courses.delete');
    expect(s.undoable).toBe(false);
    expect(s.text).toMatch(/Undo covers jobs, not test sends/);
    expect(s.text).toContain('Coassemble: restore course');
    expect(testSendUndoSentence('coassemble.trackings.delete').text).toMatch(
      /^It cannot be undone\. A deleted tracking/,
    );
  });
});

describe('planUndoSentence', () => {
  it("a plan's updates can be undone, its creates cannot, and it says so with the count", () => {
    const s = planUndoSentence('coursepath.members.upsert', { create: 5, update: 3 });
    expect(s.text).toMatch(/^It can be undone afterwards: .*"Coursepath: update member"/);
    expect(s.text).toContain('The 5 creates are not among them');
    expect(planUndoSentence('coursepath.members.upsert', { create: 1, update: 3 }).text).toContain(
      'The create is not among them',
    );
    expect(planUndoSentence('coursepath.members.upsert', { create: 0, update: 3 }).text).not.toContain(
      'not among them',
    );
  });

  it('a plan of creates only has nothing Undo can take back, and says so instead of "It can be undone"', () => {
    // A walk-through: a 60-row plan, every row a create, was confirmed with "It can be undone afterwards: …
    // The 60 creates are not among them" — an undo of nothing.
    const s = planUndoSentence('coursepath.members.upsert', { create: 60, update: 0 });
    expect(s.undoable).toBe(false);
    expect(s.text).not.toMatch(/can be undone/);
    expect(s.text).toBe(
      'It cannot be undone: its 60 rows are creates, and taking one back would mean deleting what it created, which Undo does not do.',
    );
    expect(planUndoSentence('coursepath.members.upsert', { create: 1, update: 0 }).text).toMatch(
      /^It cannot be undone: its one row is a create, and/,
    );
  });
});

describe('recipeUndoSentence', () => {
  it("names the recipe's own steps that cannot be taken back, never another LMS's", () => {
    // It said "(a member created, an invitation sent, results deleted with an enrolment)" for every
    // recipe: Coursepath things, also for a Coassemble recipe whose one step beyond undo is its signed URLs.
    const provision = recipeUndoSentence(PROVISION_LEARNERS.steps);
    expect(provision).toMatch(/^It can be undone afterwards, step by step: /);
    expect(provision).toContain('"Signed URL per course" cannot be taken back');
    expect(provision).not.toMatch(/member|invitation|enrolment/);
    const onboard = recipeUndoSentence(ONBOARD_LEARNERS.steps);
    expect(onboard).toContain('"Create member" and "Send the invitation" cannot be taken back');
    const offboard = recipeUndoSentence(OFFBOARD_LEARNERS.steps);
    expect(offboard).toContain('"Remove from courses" can be taken back only in part');
    expect(offboard).not.toContain('cannot be taken back');
  });
});
