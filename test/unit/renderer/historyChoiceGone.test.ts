// A job kept open with the desk that is no longer in History (deleted with its data) is not opened, and
// the choice is forgotten. The transport is replaced here by a recorder (a module of its own: the store
// restores once).
import { describe, expect, it, vi } from 'vitest';

const calls = vi.hoisted(() => [] as { method: string; input: unknown }[]);
vi.mock('../../../src-renderer/api/client', () => ({
  call: vi.fn(async (method: string, input: unknown) => {
    calls.push({ method, input });
    if (method === 'jobs.list') return { ok: true, value: [{ id: 'j1', createdAt: 1 }] };
    if (method === 'desk.get')
      return {
        ok: true,
        value: { datasetId: null, screen: null, updatedAt: 1, screenChoices: { history: { jobId: 'gone', filter: 'all', search: '' } } },
      };
    return { ok: true, value: [] };
  }),
  callAsPageLeaves: vi.fn(),
  storeEvents: () => () => () => {},
  on: vi.fn(() => () => {}),
}));

const STORE: string = '../../../src-renderer/stores/historyStore';
const h = (await import(STORE)) as {
  loadJobs(): Promise<void>;
  useHistoryStore: { getState(): { openJobId: string | null } };
};

describe('History restoring a job that is gone', () => {
  it('opens none and forgets it', async () => {
    await h.loadJobs();
    expect(h.useHistoryStore.getState().openJobId).toBeNull();
    await new Promise((r) => setTimeout(r, 400));
    expect(calls.filter((c) => c.method === 'desk.save').map((c) => c.input)).toStrictEqual([
      { screenChoices: { history: null } },
    ]);
  });
});
