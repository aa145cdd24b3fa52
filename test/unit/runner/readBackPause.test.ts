// What a read-back pause says resuming does (src-shared/runner/readBackPause.ts), case by case: it must be
// what the runner then does (test/integration/runner/realLms.test.ts resumes and watches it).
import { describe, expect, it } from 'vitest';
import { resumeAfterMismatch } from '../../../src-shared/runner/readBackPause';

describe('resumeAfterMismatch', () => {
  it('canary rows left: the canary goes on, one at a time, and pauses again', () => {
    expect(resumeAfterMismatch({ canaryLeft: 1, readBack: 'canary', items: false, rowNumber: 5 })).toBe(
      'resuming carries on with the canary: its last row goes, read back, and the job pauses again at a ' +
        'mismatch, or after it for you to look, before the rest go. Row 5 stays failed: resuming does not send ' +
        'it again.',
    );
  });

  it('every row read back: the rest go, and the next mismatch pauses again', () => {
    expect(resumeAfterMismatch({ canaryLeft: 0, readBack: 'all', items: false, rowNumber: 40 })).toMatch(
      /^resuming sends the rows not sent yet, each read back, and the job pauses again at the next mismatch\. Row 40 stays failed/,
    );
  });

  it("the canary's last row: the rest go unchecked, and it says so (a recipe counts items)", () => {
    expect(resumeAfterMismatch({ canaryLeft: 0, readBack: 'canary', items: true, rowNumber: 6 })).toMatch(
      /^resuming sends the items not sent yet without reading them back \(only the canary's are read back\)\./,
    );
  });
});
