// History opens again the job kept with the desk, with its filter and search, the first time it has its
// jobs; a job no longer in the history (deleted with its data) is not opened, and the choice is forgotten.
// The transport is replaced here by a recorder.
import { describe, expect, it, vi } from 'vitest';

const state = vi.hoisted(() => ({
  calls: [] as { method: string; input: unknown }[],
  kept: { jobId: 'j2', filter: 'failed', search: ' ana ' } as object | undefined,
}));

vi.mock('../../../src-renderer/api/client', () => ({
  call: vi.fn(async (method: string, input: unknown) => {
    state.calls.push({ method, input });
    if (method === 'jobs.list') return { ok: true, value: [{ id: 'j1', createdAt: 1 }, { id: 'j2', createdAt: 2 }] };
    if (method === 'desk.get')
      return { ok: true, value: { datasetId: null, screen: null, updatedAt: 1, screenChoices: { history: state.kept } } };
    if (method === 'jobs.items') return { ok: true, value: { items: [], total: 0, capped: false } };
    return { ok: true, value: [] };
  }),
  callAsPageLeaves: vi.fn(),
  storeEvents: () => () => () => {},
  on: vi.fn(() => () => {}),
}));

const STORE: string = '../../../src-renderer/stores/historyStore';
const h = (await import(STORE)) as {
  loadJobs(): Promise<void>;
  setFilter(f: string): void;
  useHistoryStore: { getState(): { openJobId: string | null; filter: string; search: string; query: string } };
};

describe('History restoring the job kept with the desk', () => {
  it('opens it with its filter and search, and keeps what is chosen next', async () => {
    await h.loadJobs();
    expect(h.useHistoryStore.getState()).toMatchObject({ openJobId: 'j2', filter: 'failed', search: ' ana ', query: 'ana' });
    const items = state.calls.filter((c) => c.method === 'jobs.items').at(-1);
    expect(items?.input).toMatchObject({ jobId: 'j2', status: 'failed', query: 'ana' });
    await new Promise((r) => setTimeout(r, 400));
    const saves = () => state.calls.filter((c) => c.method === 'desk.save').map((c) => c.input);
    expect(saves()).toStrictEqual([]); // restored, not chosen: nothing to save again
    h.setFilter('succeeded');
    await new Promise((r) => setTimeout(r, 400));
    expect(saves()).toStrictEqual([{ screenChoices: { history: { jobId: 'j2', filter: 'succeeded', search: ' ana ' } } }]);
  });
});
