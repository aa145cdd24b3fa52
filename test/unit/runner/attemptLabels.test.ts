import { describe, expect, it } from 'vitest';
import { attemptLabels } from '../../../src-shared/runner/attemptLabels';

describe('attemptLabels', () => {
  it('counts sends only, as the audit export does: the read before the write is not attempt 1', () => {
    expect(attemptLabels(['prior', 'send'])).toEqual(['Read before', 'Attempt 1']);
    expect(attemptLabels(['prior', 'send', 'send', 'readback'])).toEqual([
      'Read before',
      'Attempt 1',
      'Attempt 2',
      'Read back',
    ]);
  });

  it('numbers a read only when the row made several of that kind', () => {
    expect(attemptLabels(['prior', 'send', 'lookup', 'lookup', 'send'])).toEqual([
      'Read before',
      'Attempt 1',
      'Lookup 1',
      'Lookup 2',
      'Attempt 2',
    ]);
    expect(attemptLabels(['dry_run'])).toEqual(['Dry run']);
  });
});
