// What a read-back pause says resuming does (src-shared/runner/readBackPause.ts), case by case: it must be
// what the runner then does (test/integration/runner/realLms.test.ts resumes and watches it).
import { describe, expect, it } from 'vitest';
import { resumeAfterMismatch } from '../../../src-shared/runner/readBackPause';

describe('resumeAfterMismatch', () => {
  it('canary rows left: the canary goes on, one at a time, and pauses again', () => {
    expect(
      resumeAfterMismatch({ canaryLeft: 1, unsent: 20, readBack: 'canary', items: false, rowNumber: 5 }),
    ).toBe(
      'resuming carries on with the canary: its last row goes, read back, and the job pauses again at a ' +
        'mismatch, or after it for you to look, before the rest go. Row 5 stays failed: resuming does not send ' +
        'it again.',
    );
  });

  it('every row read back: the rest go, and the next mismatch pauses again', () => {
    expect(
      resumeAfterMismatch({ canaryLeft: 0, unsent: 20, readBack: 'all', items: false, rowNumber: 40 }),
    ).toMatch(
      /^resuming sends the rows not sent yet, each read back, and the job pauses again at the next mismatch\. Row 40 stays failed/,
    );
  });

  it("the canary's last row: the rest go unchecked, and it says so (a recipe counts items)", () => {
    expect(
      resumeAfterMismatch({ canaryLeft: 0, unsent: 20, readBack: 'canary', items: true, rowNumber: 6 }),
    ).toMatch(
      /^resuming sends the items not sent yet without reading them back \(only the canary's are read back\)\./,
    );
  });

  // Audit of issue 3: a 5-row job whose other rows were skipped or failed paused on a mismatch saying "its
  // other 3 rows go one at a time" — rows that did not exist. The canary counts only rows left to send.
  it('says only rows that are left: the canary does not outnumber them, and none left is said', () => {
    expect(
      resumeAfterMismatch({ canaryLeft: 3, unsent: 2, readBack: 'canary', items: false, rowNumber: 2 }),
    ).toMatch(/^resuming carries on with the canary: its other 2 rows go one at a time/);
    expect(
      resumeAfterMismatch({ canaryLeft: 3, unsent: 0, readBack: 'canary', items: false, rowNumber: 2 }),
    ).toBe(
      'no row is left to send: resuming completes the job. Row 2 stays failed: resuming does not send it again.',
    );
    expect(
      resumeAfterMismatch({ canaryLeft: 0, unsent: 0, readBack: 'all', items: true, rowNumber: 7 }),
    ).toMatch(/^no item is left to send: resuming completes the job\./);
  });
});
