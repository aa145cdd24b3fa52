// The renderer's client (src-renderer/api/client.ts) replaced by one that hands each call to real
// Services in this process, so a store's saves meet the real handlers and SQLite. A save's answer can be
// held back (`holdNextAnswer`) after main has stored it: the slow reply of a plain request, which a later
// save, sent as the page goes, overtakes. Use from a `vi.mock` factory:
//   vi.mock('../../../src-renderer/api/client', async () => (await import('../../helpers/clientOnServices')).client);
import type { Services } from '../../src-main/services';
import type { Mapping } from '../../src-shared/mapping/types';

export const bridge = {
  services: null as Services | null,
  /** Every mappings.saveWorking sent, in order, with how it went (`leaving`: as the page went). */
  saves: [] as { input: Record<string, unknown>; leaving: boolean; ok: boolean }[],
  hold: null as Promise<void> | null,
};

/** The next mappings.saveWorking is stored by main at once; its answer reaches the page when released. */
export function holdNextAnswer(): () => void {
  let release!: () => void;
  bridge.hold = new Promise<void>((r) => (release = r));
  return release;
}

async function dispatch(method: string, input: Record<string, unknown>, leaving: boolean): Promise<unknown> {
  if (!bridge.services) throw new Error('bridge.services is not set');
  const r = await bridge.services.dispatch(method as never, input as never);
  if (method === 'mappings.saveWorking') {
    bridge.saves.push({ input, leaving, ok: r.ok });
    const hold = bridge.hold;
    bridge.hold = null;
    if (hold && !leaving) await hold;
  }
  return r;
}

export const client = {
  call: (method: string, input: Record<string, unknown>) => dispatch(method, input, false),
  callAsPageLeaves: (method: string, input: Record<string, unknown>) => dispatch(method, input, true),
  /** The browser's keepalive allowance (64 KiB), measured as the real client measures it. */
  fitsPageLeave: (_method: string, input: unknown) => JSON.stringify({ input }).length <= 60 * 1024,
  on: () => () => {},
  storeEvents: () => () => () => {},
};

// Imported by paths TypeScript does not follow (the stores' module graph is typed for the browser).
const MAPPING: string = '../../src-renderer/stores/mappingStore';
const DATASETS: string = '../../src-renderer/stores/datasetsStore';
const LEAVE: string = '../../src-renderer/api/pageLeave';

/** Map's store, the datasets store and the page-leave flush, loaded once the client above is mocked in. */
export async function mapStore() {
  const m = (await import(MAPPING)) as {
    useMappingStore: { getState(): { mapping: Mapping; savedAt: number | null; saveError: unknown } };
    setFieldSource(key: string, source: object): void;
    saveWorking(): Promise<void>;
  };
  const { useDatasetsStore } = (await import(DATASETS)) as {
    useDatasetsStore: { setState(s: object): void };
  };
  const { flushWaitingSaves } = (await import(LEAVE)) as { flushWaitingSaves(leaving: boolean): void };
  return { ...m, useDatasetsStore, flushWaitingSaves };
}
