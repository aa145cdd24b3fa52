// The Reports screen's empty state ("Nothing synced yet") against what the store holds: a sync that failed
// or was stopped has stored rows the reports show (with their partial-sync note), as the CLI does.
import { describe, expect, it } from 'vitest';
import { nothingStored } from '../../../src-shared/reports/nothingSynced';
import type { SyncStatusDto } from '../../../src-shared/sync/types';

const T = Date.UTC(2026, 11, 1, 10, 0);
const NONE = { courses: 0, learners: 0, enrolments: 0, clients: 0, groups: 0, snapshots: 0 };
const status = (over: Partial<SyncStatusDto>): SyncStatusDto => ({
  connectionId: 'c1',
  connectionName: 'Acme · Coassemble',
  api: 'coassemble',
  running: false,
  lastRun: null,
  lastCompletedAt: null,
  counts: NONE,
  ...over,
});
const failedRun: SyncStatusDto['lastRun'] = {
  id: 1,
  connectionId: 'c1',
  state: 'failed',
  startedAt: T - 60_000,
  finishedAt: T,
  requests: 3,
  retries: 0,
  error: 'socket hang up',
  entities: [],
};

describe('nothingStored: the Reports screen’s "Nothing synced yet"', () => {
  it('never synced, nothing stored: the empty state', () => {
    expect(nothingStored([status({}), status({ connectionId: 'c2', api: 'coursepath' })])).toBe(true);
  });

  it('a failed first sync that stored rows: the reports, not the empty state', () => {
    const partial = status({ lastRun: failedRun, counts: { ...NONE, courses: 11, learners: 4 } });
    expect(nothingStored([partial, status({ connectionId: 'c2', api: 'coursepath' })])).toBe(false);
  });

  it('a failed first sync that stored nothing: still nothing to show', () => {
    expect(nothingStored([status({ lastRun: failedRun })])).toBe(true);
  });

  it('a complete sync of an empty LMS: the reports (each says what it found)', () => {
    expect(nothingStored([status({ lastCompletedAt: T })])).toBe(false);
  });

  it('a sync under way, or no connection at all: the reports and their notes', () => {
    expect(nothingStored([status({ running: true })])).toBe(false);
    expect(nothingStored([])).toBe(false);
  });
});
