import { describe, expect, it } from 'vitest';
import { attemptLabels, triesNote } from '../../../src-shared/runner/attemptLabels';

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

describe('triesNote', () => {
  it('says why a row told to wait shows fewer tries than it was sent (found by an audit: "Tries 0" beside 503)', () => {
    expect(triesNote({ attempts: 0, responseStatus: 503, status: 'retry_wait' })).toBe(
      'HTTP 503: the LMS asked to wait (unavailable); this try is not counted',
    );
    expect(triesNote({ attempts: 2, responseStatus: 429, status: 'retry_wait' })).toBe(
      'HTTP 429: the LMS asked to wait (too many requests); this try is not counted',
    );
  });

  it('nothing to say once the row is settled, or for other answers', () => {
    expect(triesNote({ attempts: 1, responseStatus: 503, status: 'failed' })).toBeNull();
    expect(triesNote({ attempts: 1, responseStatus: 201, status: 'succeeded' })).toBeNull();
    expect(triesNote({ attempts: 1, responseStatus: 500, status: 'retry_wait' })).toBeNull();
    expect(triesNote({ attempts: 0, responseStatus: null, status: 'pending' })).toBeNull();
  });
});
