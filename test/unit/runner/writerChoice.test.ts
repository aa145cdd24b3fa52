import { describe, expect, it } from 'vitest';
import { chooseWriter, THREAD_FROM_ROWS } from '../../../src-main/runner/writerChoice';

describe('where a job writes its turns', () => {
  it('auto: on the main connection below the threshold, in the thread from it', () => {
    expect(chooseWriter('auto', 0)).toBe('inline');
    expect(chooseWriter('auto', THREAD_FROM_ROWS - 1)).toBe('inline');
    expect(chooseWriter('auto', THREAD_FROM_ROWS)).toBe('thread');
    expect(chooseWriter('auto', 100_000)).toBe('thread');
    expect(chooseWriter('auto', 10, 10)).toBe('thread');
  });

  it('a setting of thread or inline is kept whatever the size', () => {
    expect(chooseWriter('thread', 1)).toBe('thread');
    expect(chooseWriter('inline', 1_000_000)).toBe('inline');
  });
});
