// A working mapping over the browser's keepalive allowance (64 KiB: a value map of a few thousand entries)
// went as a plain request when the page went, which the browser may drop with the page: the edit was lost.
// Now the change since the mapping last stored goes instead (mappings.saveWorking's `patch`), small enough
// for a keepalive request; the whole mapping still goes where it fits, or where nothing stored is known to
// patch. The transport is replaced here by a recorder, its allowance measured as the real one measures it.
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

const sent = vi.hoisted(() => ({
  calls: [] as { method: string; input: unknown }[],
  leaving: [] as { method: string; input: unknown }[],
}));

vi.mock('../../../src-renderer/api/client', () => ({
  call: vi.fn(async (method: string, input: unknown) => {
    sent.calls.push({ method, input });
    if (method === 'mappings.saveWorking') return { ok: true, value: { updatedAt: 1 } };
    if (method === 'mappings.working') return { ok: true, value: null };
    return { ok: false, error: { code: 'INTERNAL', message: 'not in this test' } };
  }),
  callAsPageLeaves: vi.fn(async (method: string, input: unknown) => {
    sent.leaving.push({ method, input });
    return { ok: true, value: { updatedAt: 2 } };
  }),
  fitsPageLeave: (_method: string, input: unknown) => JSON.stringify({ input }).length <= 60 * 1024,
  on: vi.fn(() => () => {}),
  storeEvents: () => () => () => {},
}));

// Imported by paths TypeScript does not follow (the stores' module graph is typed for the browser).
const MAPPING: string = '../../../src-renderer/stores/mappingStore';
const DATASETS: string = '../../../src-renderer/stores/datasetsStore';
const LEAVE: string = '../../../src-renderer/api/pageLeave';
const m = (await import(MAPPING)) as {
  useMappingStore: { setState(s: object): void; getState(): { unsaved: boolean } };
  setFieldSource(key: string, source: object): void;
  saveWorking(): Promise<void>;
};
const { useDatasetsStore } = (await import(DATASETS)) as { useDatasetsStore: { setState(s: object): void } };
const { flushWaitingSaves } = (await import(LEAVE)) as { flushWaitingSaves(leaving: boolean): void };

const TEMPLATE = 'coursepath.members.create';
const table = Object.fromEntries(Array.from({ length: 3000 }, (_, i) => [`Department ${i}`, `dept-${i}`]));
const big = {
  fields: {
    email: { kind: 'column', column: 'email' },
    department: { kind: 'column', column: 'dept', transforms: [{ kind: 'map', table }] },
  },
};
const leaves = () => sent.leaving.filter((c) => c.method === 'mappings.saveWorking').map((c) => c.input);

beforeAll(async () => {
  useDatasetsStore.setState({
    list: [{ id: 'd1', columns: ['email', 'dept', 'name'], state: 'ready', rowCount: 2, fileName: 'a.csv' }],
    currentId: 'd1',
  });
  await vi.waitFor(() => expect(sent.calls.some((c) => c.method === 'mappings.working')).toBe(true));
});

beforeEach(async () => {
  await vi.waitFor(() => expect(m.useMappingStore.getState().unsaved).toBe(false));
  m.useMappingStore.setState({ connectionId: 'c1', templateId: TEMPLATE, mapping: big });
  await m.saveWorking(); // stored whole, answered: what a change is measured from
  sent.calls.length = 0;
  sent.leaving.length = 0;
});

describe('a mapping over the keepalive allowance, edited just before the page goes', () => {
  it('goes as the change since it was stored, small enough to outlive the page', () => {
    expect(JSON.stringify(big).length).toBeGreaterThan(64 * 1024);
    m.setFieldSource('name', { kind: 'column', column: 'name' });
    flushWaitingSaves(true);
    const [input] = leaves();
    expect(input).toStrictEqual({
      datasetId: 'd1',
      templateId: TEMPLATE,
      connectionId: 'c1',
      mapping: { fields: { name: { kind: 'column', column: 'name' } } },
      patch: { removed: [], unset: [] },
      base: 1, // the version answered to the whole save: the change is measured from it
      madeBy: { page: expect.any(String), seq: expect.any(Number) },
    });
    expect(JSON.stringify({ input }).length).toBeLessThan(1024);
  });

  it('goes whole when the page is only hidden (a plain call, the page lives on)', () => {
    m.setFieldSource('name', { kind: 'column', column: 'name' });
    flushWaitingSaves(false);
    const saves = sent.calls.filter((c) => c.method === 'mappings.saveWorking');
    expect(saves).toHaveLength(1);
    expect(saves[0]!.input).not.toHaveProperty('patch');
  });
});
