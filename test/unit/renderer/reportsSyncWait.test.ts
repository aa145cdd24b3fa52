// Reports' progress line while a sync waits as the LMS asked (Retry-After of 10 s or more): it said only
// the list being read, so a wait of minutes looked like a stuck bar. The transport is replaced (the store
// imports it; nothing is called here).
import { describe, expect, it, vi } from 'vitest';

vi.mock('../../../src-renderer/api/client', () => ({ call: vi.fn(), on: vi.fn(() => () => {}) }));

// Imported by a path TypeScript does not follow (the store's module graph is typed for the browser).
const STORE: string = '../../../src-renderer/stores/reportsStore';
const { reportsSelectors } = (await import(STORE)) as {
  reportsSelectors: { overall: (s: unknown) => { label: string; fetched: number } };
};

const progress = (waitingUntil?: number) => ({
  connectionId: 'c1',
  runId: 1,
  state: 'running',
  entity: 'coursepath.courses',
  label: 'Courses',
  fetched: 120,
  requests: 3,
  entitiesDone: 1,
  entitiesTotal: 4,
  error: null,
  ...(waitingUntil !== undefined ? { waitingUntil } : {}),
});
const state = (p: unknown) => ({ statuses: [{ connectionId: 'c1', running: true }], progress: { c1: p } });

describe('the sync progress line', () => {
  it('says until when it waits while the wait lasts, and only the list once it is over', () => {
    const soon = Date.now() + 60_000;
    expect(reportsSelectors.overall(state(progress(soon))).label).toMatch(/^Courses, waiting until .+ as the LMS asked$/);
    expect(reportsSelectors.overall(state(progress(Date.now() - 1))).label).toBe('Courses');
    expect(reportsSelectors.overall(state(progress())).label).toBe('Courses');
  });
});
