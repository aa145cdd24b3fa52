// "Sync now" pressed twice: the first press left a connection out (no secret), the second failed outright.
// The first press's "left out" list stayed beside the second press's error, as if that press had left it
// out. The transport is replaced (the only part that is: a press's answer is chosen here).
import { describe, expect, it, vi } from 'vitest';

const call = vi.fn();
vi.mock('../../../src-renderer/api/client', () => ({ call, on: vi.fn(() => () => {}) }));

// Imported by a path TypeScript does not follow (the store's module graph is typed for the browser).
const STORE: string = '../../../src-renderer/stores/reportsStore';
const { startSync, useReportsStore } = (await import(STORE)) as {
  startSync: () => Promise<void>;
  useReportsStore: { getState: () => { skipped: unknown[]; syncError: { message: string } | null } };
};

describe('Sync now', () => {
  it('a press that fails does not keep the earlier press’s list of connections left out', async () => {
    const left = { connectionId: 'c2', connectionName: 'Old', running: false, notSynced: { reason: 'noSecret', problem: null } };
    call.mockResolvedValueOnce({ ok: true, value: [{ connectionId: 'c1', running: true }, left] });
    await startSync();
    expect(useReportsStore.getState().skipped).toEqual([left]);

    call.mockResolvedValueOnce({ ok: false, error: { code: 'CREDENTIALS', message: 'The keychain is locked.' } });
    await startSync();
    expect(useReportsStore.getState().syncError?.message).toBe('The keychain is locked.');
    expect(useReportsStore.getState().skipped).toEqual([]);
  });
});
