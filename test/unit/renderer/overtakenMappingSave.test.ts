// Map's whole save, slow, is overtaken by the change sent as the page is hidden or goes: main stores the
// later one and refuses the earlier as older than what is stored (CONFLICT, workingMappingStale.test.ts).
// That refusal answers for a save the page has replaced: it is not shown as the mapping not being saved,
// and the version the page measures its next change from stays the later one's.
import { describe, expect, it, vi } from 'vitest';

const sent = vi.hoisted(() => ({
  calls: [] as { method: string; input: Record<string, unknown> }[],
  /** The next answer to `mappings.saveWorking` over `call` waits for this while it is set. */
  hold: null as Promise<void> | null,
}));

vi.mock('../../../src-renderer/api/client', () => ({
  call: vi.fn(async (method: string, input: Record<string, unknown>) => {
    sent.calls.push({ method, input });
    if (method === 'mappings.saveWorking') {
      const hold = sent.hold;
      if (hold) {
        sent.hold = null;
        await hold;
        return { ok: false, error: { code: 'CONFLICT', message: 'Not saved: changed after this change was made' } };
      }
      return { ok: true, value: { updatedAt: 20 } };
    }
    if (method === 'mappings.working') return { ok: true, value: null };
    return { ok: false, error: { code: 'INTERNAL', message: 'not in this test' } };
  }),
  callAsPageLeaves: vi.fn(),
  fitsPageLeave: () => true,
  on: vi.fn(() => () => {}),
  storeEvents: () => () => () => {},
}));

const MAPPING: string = '../../../src-renderer/stores/mappingStore';
const DATASETS: string = '../../../src-renderer/stores/datasetsStore';
const m = (await import(MAPPING)) as {
  useMappingStore: {
    setState(s: object): void;
    getState(): { unsaved: boolean; savedAt: number | null; saveError: unknown };
  };
  setFieldSource(key: string, source: object): void;
  saveWorking(): Promise<void>;
};
const { useDatasetsStore } = (await import(DATASETS)) as { useDatasetsStore: { setState(s: object): void } };

describe('a mapping save overtaken by a later one', () => {
  it('refused as older once the later one is stored, says nothing is unsaved', async () => {
    useDatasetsStore.setState({
      list: [{ id: 'd1', columns: ['email', 'dept'], state: 'ready', rowCount: 2, fileName: 'a.csv' }],
      currentId: 'd1',
    });
    await vi.waitFor(() => expect(sent.calls.some((c) => c.method === 'mappings.working')).toBe(true));
    m.useMappingStore.setState({ connectionId: 'c1', templateId: 'coursepath.members.create', mapping: { fields: {} } });
    let release!: () => void;
    sent.hold = new Promise((r) => (release = r));
    m.setFieldSource('email', { kind: 'column', column: 'email' });
    const first = m.saveWorking(); // the whole save, slow
    m.setFieldSource('department', { kind: 'column', column: 'dept' });
    await m.saveWorking(); // the later one, stored first
    expect(m.useMappingStore.getState().savedAt).toBe(20);
    release();
    await first; // refused as older than what is stored
    expect(m.useMappingStore.getState()).toMatchObject({ saveError: null, savedAt: 20, unsaved: false });
    const saves = sent.calls.filter((c) => c.method === 'mappings.saveWorking').map((c) => c.input);
    const made = saves.map((x) => x.madeBy as { page: string; seq: number });
    expect(made[1]!.page).toBe(made[0]!.page); // one page, its saves counted in the order it made them
    expect(made[1]!.seq).toBeGreaterThan(made[0]!.seq);
  });
});
