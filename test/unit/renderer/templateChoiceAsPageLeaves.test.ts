// Choosing a template on Map shows it at once, then reads this file's own working mapping for it from
// SQLite before a save is scheduled. The page leaving in those milliseconds (a reload, the window closing)
// lost the choice: nothing was waiting to be sent. Now the choice goes as the page goes, by the call that
// outlives the page, marked `keepStored`: a working mapping this file already has for the template is kept
// as it is (not overwritten by the auto-match on screen), only made the one the file opens with. The
// transport is replaced here by a recorder, as in mappingSaveAsPageLeaves.test.ts.
import { beforeAll, describe, expect, it, vi } from 'vitest';

const sent = vi.hoisted(() => ({
  calls: [] as { method: string; input: unknown }[],
  leaving: [] as { method: string; input: unknown }[],
  /** `mappings.working` reads for a template wait for this while it is set. */
  hold: null as Promise<void> | null,
}));

vi.mock('../../../src-renderer/api/client', () => ({
  call: vi.fn(async (method: string, input: unknown) => {
    sent.calls.push({ method, input });
    if (method === 'mappings.saveWorking') return { ok: true, value: { updatedAt: 1 } };
    if (method === 'mappings.working') {
      if ((input as { templateId?: string }).templateId && sent.hold) await sent.hold;
      return { ok: true, value: null };
    }
    return { ok: false, error: { code: 'INTERNAL', message: 'not in this test' } };
  }),
  callAsPageLeaves: vi.fn(async (method: string, input: unknown) => {
    sent.leaving.push({ method, input });
    return { ok: true, value: { updatedAt: 2 } };
  }),
  fitsPageLeave: () => true, // every save here fits a keepalive request
  on: vi.fn(() => () => {}),
  storeEvents: () => () => () => {},
}));

// Imported by paths TypeScript does not follow (the stores' module graph is typed for the browser).
const MAPPING: string = '../../../src-renderer/stores/mappingStore';
const DATASETS: string = '../../../src-renderer/stores/datasetsStore';
const CONNECTIONS: string = '../../../src-renderer/stores/connectionsStore';
const LEAVE: string = '../../../src-renderer/api/pageLeave';
const m = (await import(MAPPING)) as {
  useMappingStore: { setState(s: object): void; getState(): { unsaved: boolean; templateId: string | null } };
  selectTemplate(id: string): void;
};
const { useDatasetsStore } = (await import(DATASETS)) as { useDatasetsStore: { setState(s: object): void } };
const { useConnectionsStore } = (await import(CONNECTIONS)) as { useConnectionsStore: { setState(s: object): void } };
const { flushWaitingSaves } = (await import(LEAVE)) as { flushWaitingSaves(leaving: boolean): void };

const saves = (list: { method: string; input: unknown }[]) =>
  list.filter((c) => c.method === 'mappings.saveWorking').map((c) => c.input);

beforeAll(async () => {
  useConnectionsStore.setState({ items: [{ id: 'c1', api: 'coursepath', name: 'Sandbox' }] });
  useDatasetsStore.setState({
    list: [{ id: 'd1', columns: ['email', 'dept'], state: 'ready', rowCount: 2, fileName: 'a.csv' }],
    currentId: 'd1',
  });
  await vi.waitFor(() => expect(sent.calls.some((c) => c.method === 'mappings.working')).toBe(true));
  m.useMappingStore.setState({ connectionId: 'c1', templateId: 'coursepath.members.create', mapping: { fields: {} } });
  await new Promise((r) => setTimeout(r, 400)); // whatever the defaults scheduled is sent
});

describe('a template chosen on Map, when the page goes before SQLite answers', () => {
  it('is sent as the page goes, keeping the mapping SQLite may hold for it', async () => {
    let release!: () => void;
    sent.hold = new Promise((r) => (release = r));
    sent.calls.length = 0;
    m.selectTemplate('coursepath.members.update');
    expect(m.useMappingStore.getState().templateId).toBe('coursepath.members.update');
    flushWaitingSaves(true);
    expect(saves(sent.leaving)).toEqual([
      expect.objectContaining({
        datasetId: 'd1',
        templateId: 'coursepath.members.update',
        connectionId: 'c1',
        keepStored: true,
      }),
    ]);
    release();
    sent.hold = null;
    await new Promise((r) => setTimeout(r, 400));
    // The page lived on after all: its own save follows once SQLite answered, as before.
    expect(saves(sent.calls)).toEqual([expect.objectContaining({ templateId: 'coursepath.members.update' })]);
    expect(saves(sent.calls)[0]).not.toHaveProperty('keepStored');
  });

  it('is not sent when the page is only hidden (the reads answer; a save follows them)', () => {
    sent.leaving.length = 0;
    sent.hold = new Promise(() => {});
    m.selectTemplate('coursepath.members.create');
    flushWaitingSaves(false);
    expect(saves(sent.leaving)).toEqual([]);
    expect(saves(sent.calls).filter((s) => (s as { keepStored?: boolean }).keepStored)).toEqual([]);
  });
});
