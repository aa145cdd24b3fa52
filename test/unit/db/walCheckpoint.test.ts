// The WAL's checkpoint size: larger (fewer checkpoints per row) only where the disk has room for a
// larger WAL; on a nearly full disk, or one whose free space cannot be read, SQLite's default.
import { describe, expect, it } from 'vitest';
import {
  checkpointPagesFor,
  DEFAULT_CHECKPOINT_PAGES,
  LARGE_CHECKPOINT_PAGES,
  ROOM_FOR_LARGE_WAL_BYTES,
  walCheckpointPages,
} from '../../../src-main/db/walCheckpoint';

describe('checkpointPagesFor', () => {
  it('uses the larger WAL only with room to spare', () => {
    expect(checkpointPagesFor(ROOM_FOR_LARGE_WAL_BYTES)).toBe(LARGE_CHECKPOINT_PAGES);
    expect(checkpointPagesFor(ROOM_FOR_LARGE_WAL_BYTES - 1)).toBe(DEFAULT_CHECKPOINT_PAGES);
    expect(checkpointPagesFor(12 * 1024 * 1024)).toBe(DEFAULT_CHECKPOINT_PAGES);
    expect(checkpointPagesFor(null)).toBe(DEFAULT_CHECKPOINT_PAGES);
  });

  it('keeps the larger WAL well under the room it asks for', () => {
    expect(DEFAULT_CHECKPOINT_PAGES).toBe(1000); // SQLite's own default
    expect(LARGE_CHECKPOINT_PAGES * 4096 * 8).toBeLessThan(ROOM_FOR_LARGE_WAL_BYTES);
  });

  it('a folder whose disk cannot be read keeps the default', () => {
    expect(walCheckpointPages('/no/such/folder/anywhere/bulk-desk.sqlite')).toBe(DEFAULT_CHECKPOINT_PAGES);
  });
});
