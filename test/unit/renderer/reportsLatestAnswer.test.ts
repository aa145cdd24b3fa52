// Reports shows only the answer to the admin's latest choice. A report asked for before the admin chose
// again (a tab, the dates, the courses) used to be shown when it came back late: a range turned backwards
// while the previous report was built showed that report beside "put the earlier date first" (a flaky
// end-to-end failure, deskLegible's reports test). The transport is replaced here — the only part that
// is: the real one cannot be made to answer two calls in the reverse order they were made.
import { beforeEach, describe, expect, it, vi } from 'vitest';

const pending: ((value: unknown) => void)[] = [];
vi.mock('../../../src-renderer/api/client', () => ({
  call: vi.fn(() => new Promise((resolve) => pending.push(resolve))),
  on: vi.fn(() => () => {}),
}));

// Imported by a path TypeScript does not follow: the store's module graph is typed for the browser (DOM),
// which this Node project's type check does not load. Only what the test uses is typed here.
const STORE: string = '../../../src-renderer/stores/reportsStore';
const { runReport, useReportsStore } = (await import(STORE)) as {
  runReport: () => Promise<void>;
  useReportsStore: {
    getState: () => { view: unknown; loading: boolean };
    setState: (patch: Record<string, unknown>) => void;
  };
};

const report = (title: string) => ({ ok: true, value: { name: 'courseCompletion', title, tables: [] } });

describe('runReport', () => {
  beforeEach(() => {
    pending.length = 0;
    useReportsStore.setState({ view: null, error: null, loading: false });
  });

  it('drops an answer that comes back after a newer choice was asked for', async () => {
    const first = runReport();
    const second = runReport();
    expect(pending).toHaveLength(2);
    pending[1]!(report('second'));
    await second;
    pending[0]!(report('first'));
    await first;
    expect(useReportsStore.getState().view).toMatchObject({ title: 'second' });
    expect(useReportsStore.getState().loading).toBe(false);
  });
});
