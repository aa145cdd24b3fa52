// Map saves the working mapping 300 ms after the last edit: an edit made just before the page goes (a
// reload, the window closing) was lost with the page. The waiting save is now sent when the page is
// hidden, and as the page goes by `callAsPageLeaves` (which outlives the page), as is a save still in
// flight (the page's own request may be dropped with it). The transport is replaced here by a recorder;
// end to end over the loopback transport in test/e2e/editsKept.spec.ts.
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

const sent = vi.hoisted(() => ({
  calls: [] as { method: string; input: unknown }[],
  leaving: [] as { method: string; input: unknown }[],
  /** Answers for `mappings.saveWorking` over `call` wait for this while it is set. */
  hold: null as Promise<void> | null,
}));

vi.mock('../../../src-renderer/api/client', () => ({
  call: vi.fn(async (method: string, input: unknown) => {
    sent.calls.push({ method, input });
    if (method === 'mappings.saveWorking') {
      if (sent.hold) await sent.hold;
      return { ok: true, value: { updatedAt: 1 } };
    }
    if (method === 'mappings.working') return { ok: true, value: null };
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
const LEAVE: string = '../../../src-renderer/api/pageLeave';
const m = (await import(MAPPING)) as {
  useMappingStore: { setState(s: object): void; getState(): { unsaved: boolean; savedAt: number | null } };
  setFieldSource(key: string, source: object): void;
};
const { useDatasetsStore } = (await import(DATASETS)) as { useDatasetsStore: { setState(s: object): void } };
const { flushWaitingSaves } = (await import(LEAVE)) as { flushWaitingSaves(leaving: boolean): void };

const TEMPLATE = 'coursepath.members.create';
const saves = (list: { method: string; input: unknown }[]) =>
  list.filter((c) => c.method === 'mappings.saveWorking').map((c) => c.input);

beforeAll(async () => {
  useDatasetsStore.setState({
    list: [{ id: 'd1', columns: ['email', 'dept'], state: 'ready', rowCount: 2, fileName: 'a.csv' }],
    currentId: 'd1',
  });
  // The file's own working mapping is read first (there is none).
  await vi.waitFor(() => expect(sent.calls.some((c) => c.method === 'mappings.working')).toBe(true));
});

beforeEach(async () => {
  await vi.waitFor(() => expect(m.useMappingStore.getState().unsaved).toBe(false));
  m.useMappingStore.setState({ connectionId: 'c1', templateId: TEMPLATE, mapping: { fields: {} } });
  sent.calls.length = 0;
  sent.leaving.length = 0;
  sent.hold = null;
});

describe('a waiting mapping save, when the page goes', () => {
  it('is sent at once by the call that outlives the page, not 300 ms later with the page gone', async () => {
    m.setFieldSource('department', { kind: 'column', column: 'dept' });
    expect(m.useMappingStore.getState().unsaved).toBe(true);
    flushWaitingSaves(true);
    const expected = {
      datasetId: 'd1',
      templateId: TEMPLATE,
      connectionId: 'c1',
      mapping: { fields: { department: { kind: 'column', column: 'dept' } } },
      base: null, // nothing stored for it was read
      madeBy: { page: expect.any(String), seq: expect.any(Number) },
    };
    expect(saves(sent.leaving)).toEqual([expected]);
    await vi.waitFor(() => expect(m.useMappingStore.getState().unsaved).toBe(false));
    await new Promise((r) => setTimeout(r, 400)); // the 300 ms timer is gone: nothing sent twice
    expect(saves(sent.calls)).toEqual([]);
  });

  it('is sent by a plain call when the page is only hidden (it may live on)', () => {
    m.setFieldSource('department', { kind: 'column', column: 'dept' });
    flushWaitingSaves(false);
    expect(saves(sent.calls)).toHaveLength(1);
    expect(saves(sent.leaving)).toEqual([]);
  });

  it("is sent again as the page goes while the page's own request is unanswered; nothing when all is saved", async () => {
    let release!: () => void;
    sent.hold = new Promise((r) => (release = r));
    m.setFieldSource('department', { kind: 'column', column: 'dept' });
    flushWaitingSaves(false); // hidden: the save leaves, and waits
    flushWaitingSaves(true); // then the page goes before it is answered
    expect(saves(sent.leaving)).toEqual(saves(sent.calls));
    release();
    await vi.waitFor(() => expect(m.useMappingStore.getState().unsaved).toBe(false));
    sent.leaving.length = 0;
    flushWaitingSaves(true);
    expect(sent.leaving).toEqual([]);
  });
});
