// Map's save waits 300 ms after a change, then names the file current when it goes. A save scheduled
// before another file became current went to that file: the mapping made with no file open (no columns,
// nothing matched) was stored as the newly imported file's working mapping while the file's own mapping
// was being read, and every later choice of the template then put that empty mapping back on screen over
// its auto-match ("2 required missing" on Run, Send stuck on "Nothing to send": signedUrls.spec.ts failed
// so in CI). A save goes to the file its mapping was made for, or nowhere.
// The transport is replaced here by a store of working mappings that answers as SQLite would.
import { describe, expect, it, vi } from 'vitest';

const db = vi.hoisted(() => ({
  rows: new Map<
    string,
    {
      datasetId: string;
      templateId: string;
      mapping: { fields: Record<string, { kind: string }> };
      updatedAt: number;
    }
  >(),
  at: 0,
  /** How long a read of a file's last working mapping (`mappings.working` by file only) takes. */
  openDelay: 5,
}));

vi.mock('../../../src-renderer/api/client', () => ({
  call: vi.fn(async (method: string, input: Record<string, unknown>) => {
    const byFileOnly = method === 'mappings.working' && input.datasetId && !input.templateId;
    await new Promise((r) => setTimeout(r, byFileOnly ? db.openDelay : 5));
    if (method === 'mappings.saveWorking') {
      const row = {
        ...(input as never as {
          datasetId: string;
          templateId: string;
          mapping: { fields: Record<string, { kind: string }> };
        }),
        updatedAt: ++db.at,
      };
      db.rows.set(`${row.datasetId}/${row.templateId}`, row);
      return { ok: true, value: row };
    }
    if (method === 'mappings.working') {
      const found = [...db.rows.values()]
        .filter(
          (r) =>
            (!input.datasetId || r.datasetId === input.datasetId) &&
            (!input.templateId || r.templateId === input.templateId),
        )
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
  useMappingStore: {
    getState(): {
      templateId: string | null;
      unsaved: boolean;
      mapping: { fields: Record<string, { kind: string }> };
    };
  };
  ensureDefaults(): void;
  selectTemplate(id: string): void;
};
const { useDatasetsStore } = (await import(DATASETS)) as { useDatasetsStore: { setState(s: object): void } };
const { useConnectionsStore } = (await import(CONNECTIONS)) as {
  useConnectionsStore: { setState(s: object): void };
};

const connection = {
  id: 'c1',
  api: 'coassemble',
  name: 'Sandbox',
  isSandbox: true,
  baseUrl: 'http://x',
  hasSecret: true,
};
const mapped = (fields: Record<string, { kind: string }>) =>
  Object.entries(fields)
    .filter(([, s]) => s.kind !== 'none')
    .map(([k]) => k)
    .sort();

describe('a mapping save scheduled before another file became current', () => {
  it('is not stored as that file’s working mapping, and its template keeps its auto-match', async () => {
    // The app opens with no file: the defaults are chosen against no columns, and their save is scheduled.
    useConnectionsStore.setState({ items: [connection], loaded: true });
    m.ensureDefaults();
    await vi.waitFor(() => expect(m.useMappingStore.getState().templateId).not.toBeNull());
    const template = m.useMappingStore.getState().templateId!;
    expect(mapped(m.useMappingStore.getState().mapping.fields)).toEqual([]);
    // A file is imported before that save goes; reading its own working mapping outlasts the save's wait.
    db.openDelay = 600;
    useDatasetsStore.setState({
      list: [
        {
          id: 'd1',
          columns: ['action', 'courseId', 'identifier'],
          state: 'ready',
          rowCount: 2,
          fileName: 'links.csv',
        },
      ],
      currentId: 'd1',
    });
    await new Promise((r) => setTimeout(r, 1_000));
    await vi.waitFor(() => expect(m.useMappingStore.getState().unsaved).toBe(false));
    // The admin chooses the template on Map: its auto-match stays on screen, and is what SQLite holds.
    m.selectTemplate(template);
    await new Promise((r) => setTimeout(r, 400));
    await vi.waitFor(() => expect(m.useMappingStore.getState().unsaved).toBe(false));
    const onScreen = mapped(m.useMappingStore.getState().mapping.fields);
    expect(onScreen).toContain('identifier');
    for (const row of db.rows.values()) {
      if (row.datasetId === 'd1') expect(mapped(row.mapping.fields)).toEqual(onScreen);
    }
  });
});
