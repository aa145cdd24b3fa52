// A file with no working mapping gets the template that fits it best (ensureDefaults), and the admin edits
// its fields. The defaults were chosen again whenever Map asked — the screen opened again, the list of
// connections read again (a connection tested) — as long as the admin had not picked a connection or a
// template: the auto-match was put back on screen over the edit, and the edit's own save, waiting its
// 300 ms, then stored the auto-match; SQLite ended with the default newer than the mapping just edited,
// and the edit was gone from the screen too.
// An edit is now a choice as much as a pick: the defaults no longer follow the file once one is made.
// The transport is replaced here by a store of working mappings that answers as SQLite would.
import { describe, expect, it, vi } from 'vitest';

const db = vi.hoisted(() => ({
  rows: new Map<string, { datasetId: string; templateId: string; connectionId: string | null; mapping: unknown; updatedAt: number }>(),
  at: 0,
}));

vi.mock('../../../src-renderer/api/client', () => ({
  call: vi.fn(async (method: string, input: Record<string, unknown>) => {
    await new Promise((r) => setTimeout(r, 5));
    if (method === 'mappings.saveWorking') {
      const key = `${input.datasetId}/${input.templateId}`;
      const row = { ...(input as never as { datasetId: string; templateId: string; connectionId: string | null; mapping: unknown }), updatedAt: ++db.at };
      db.rows.set(key, row);
      return { ok: true, value: row };
    }
    if (method === 'mappings.working') {
      const found = [...db.rows.values()]
        .filter((r) => (!input.datasetId || r.datasetId === input.datasetId) && (!input.templateId || r.templateId === input.templateId))
        .sort((a, b) => b.updatedAt - a.updatedAt)[0];
      return { ok: true, value: found ?? null };
    }
    if (method === 'requests.preview') return { ok: true, value: [] };
    return { ok: false, error: { code: 'INTERNAL', message: 'not in this test' } };
  }),
  callAsPageLeaves: vi.fn(),
  fitsPageLeave: () => true,
  on: vi.fn(() => () => {}),
  storeEvents: () => () => () => {},
}));

const MAPPING: string = '../../../src-renderer/stores/mappingStore';
const DATASETS: string = '../../../src-renderer/stores/datasetsStore';
const CONNECTIONS: string = '../../../src-renderer/stores/connectionsStore';
const m = (await import(MAPPING)) as {
  useMappingStore: { getState(): { templateId: string | null; unsaved: boolean; mapping: { fields: Record<string, unknown> } } };
  setFieldSource(key: string, source: object): void;
  ensureDefaults(): void;
};
const { useDatasetsStore } = (await import(DATASETS)) as { useDatasetsStore: { setState(s: object): void } };
const { useConnectionsStore } = (await import(CONNECTIONS)) as { useConnectionsStore: { setState(s: object): void } };

const connection = { id: 'c1', api: 'coursepath', name: 'Sandbox', isSandbox: true, baseUrl: 'http://x', hasSecret: true };

describe('the defaults Map chooses for a file, once the admin has edited the mapping', () => {
  it('are not chosen again over the edit: SQLite keeps the edit as the newest', async () => {
    useConnectionsStore.setState({ items: [connection], loaded: true });
    useDatasetsStore.setState({
      list: [{ id: 'd1', columns: ['email', 'first_name', 'last_name', 'dept'], state: 'ready', rowCount: 2, fileName: 'a.csv' }],
      currentId: 'd1',
    });
    await vi.waitFor(() => expect(db.rows.size).toBe(1)); // the default, auto-matched, stored
    await vi.waitFor(() => expect(m.useMappingStore.getState().unsaved).toBe(false));
    const template = m.useMappingStore.getState().templateId!;
    m.setFieldSource('department', { kind: 'constant', value: 'Sales' });
    // Map opened again (or the connections read again) before the edit's save went.
    useConnectionsStore.setState({ items: [{ ...connection }] });
    m.ensureDefaults();
    await new Promise((r) => setTimeout(r, 400));
    await vi.waitFor(() => expect(m.useMappingStore.getState().unsaved).toBe(false));
    expect(m.useMappingStore.getState().mapping.fields.department).toEqual({ kind: 'constant', value: 'Sales' });
    const newest = [...db.rows.values()].sort((a, b) => b.updatedAt - a.updatedAt)[0]!;
    expect(newest.templateId).toBe(template);
    expect((newest.mapping as { fields: Record<string, unknown> }).fields.department).toEqual({ kind: 'constant', value: 'Sales' });
  });
});
