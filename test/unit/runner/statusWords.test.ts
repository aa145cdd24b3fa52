import { describe, expect, it } from 'vitest';
import type { ItemStatus, JobState } from '../../../src-shared/contract/api';
import { itemStatus } from '../../../src-shared/contract/inputs/jobInputs';
import { JOB_STATE_WORDS, rowsWithStatus, statusWords } from '../../../src-shared/runner/statusWords';

describe('the words for a status', () => {
  it('has words for every row status and job state the contract allows, never the internal value with _', () => {
    for (const s of [...itemStatus().options, ...Object.keys(JOB_STATE_WORDS)] as (ItemStatus | JobState)[]) {
      expect(statusWords(s), s).toMatch(/^[a-z][a-z ]*$/);
    }
  });
  it('says retry_wait and in_doubt as words', () => {
    expect(statusWords('retry_wait')).toBe('waiting to retry');
    expect(statusWords('in_doubt')).toBe('in doubt');
    expect(statusWords('interrupted')).toBe('interrupted');
  });
  it('names rows of one status in a sentence', () => {
    expect(rowsWithStatus('failed')).toBe('the failed rows');
    expect(rowsWithStatus('retry_wait')).toBe('the rows waiting to retry');
    expect(rowsWithStatus('in_doubt')).toBe('the rows in doubt');
    // A recipe job's items (a step of a row each).
    expect(rowsWithStatus('failed', 'item')).toBe('the failed items');
    expect(rowsWithStatus('in_doubt', 'item')).toBe('the items in doubt');
  });
});
