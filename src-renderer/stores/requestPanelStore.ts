// The Map screen's request panel: the exact request of one row, rebuilt by main (`requests.explain`, the
// same code preview and the runner use, lookups bound to the synced catalog) a moment after each change
// to the mapping, the connection, the template or the file. "Copy as cURL" is built here from that
// request with the signature as a placeholder; a live signature is asked of main only on the admin's
// explicit request and is kept in memory until the box is closed, never stored.
import { create } from 'zustand';
import type { RequestExplainDto } from '../../src-shared/contract/api';
import type { AppErrorShape } from '../../src-shared/contract/errors';
import { toCurl } from '../../src-shared/mapping/curl';
import { call } from '../api/client';
import type { CurlShown } from '../components/RequestPanel';
import { useDatasetsStore } from './datasetsStore';
import { currentSpec, useMappingStore } from './mappingStore';

export interface RequestPanelState {
  /** The row asked for; null: the file's first row. */
  rowNumber: number | null;
  explain: RequestExplainDto | null;
  loading: boolean;
  error: AppErrorShape | null;
  curl: CurlShown | null;
  curlError: AppErrorShape | null;
}

export const initialRequestPanelState: RequestPanelState = {
  rowNumber: null,
  explain: null,
  loading: false,
  error: null,
  curl: null,
  curlError: null,
};
export const useRequestPanelStore = create<RequestPanelState>(() => initialRequestPanelState);
const set = useRequestPanelStore.setState;
const get = useRequestPanelStore.getState;

const DELAY_MS = 200;
let timer: ReturnType<typeof setTimeout> | null = null;
let seq = 0;

export function scheduleExplain(): void {
  // Shown as "Updating…" (and dimmed) at once: what is on screen is about to be replaced.
  if (!get().loading) set({ loading: true });
  if (timer) clearTimeout(timer);
  timer = setTimeout(() => void explainNow(), DELAY_MS);
}

export async function explainNow(): Promise<void> {
  const spec = currentSpec();
  const ds = useDatasetsStore.getState();
  const dataset = ds.list.find((d) => d.id === ds.currentId);
  const mine = ++seq;
  if (!spec || !dataset || dataset.state !== 'ready')
    return set({ explain: null, loading: false, error: null });
  set({ loading: true });
  const { rowNumber } = get();
  const r = await call('requests.explain', { ...spec, ...(rowNumber !== null ? { rowNumber } : {}) });
  if (mine !== seq) return;
  set(r.ok ? { explain: r.value, loading: false, error: null } : { loading: false, error: r.error });
}

export function showRow(rowNumber: number): void {
  if (!Number.isInteger(rowNumber) || rowNumber < 2) return;
  set({ rowNumber, curl: null, curlError: null });
  void explainNow();
}

/** The shown request as a cURL command with the signature as a placeholder. */
export function copyCurl(): void {
  const r = get().explain?.request;
  if (!r || !r.url) return;
  set({ curl: { command: toCurl(r, null), live: false, validForSeconds: null }, curlError: null });
}

/** Only after the admin confirmed the warning: a live signature, from main, kept until closed. */
export async function liveCurl(): Promise<void> {
  const spec = currentSpec();
  const r = get().explain?.request;
  if (!spec || !r) return;
  const res = await call('requests.liveCurl', { ...spec, rowNumber: r.rowNumber, acknowledge: true });
  set(
    res.ok
      ? {
          curl: { command: res.value.command, live: true, validForSeconds: res.value.validForSeconds },
          curlError: null,
        }
      : { curl: null, curlError: res.error },
  );
}

export function closeCurl(): void {
  set({ curl: null, curlError: null });
}

// Any change to what the request is built from: build it again (and drop a cURL of the old request).
useMappingStore.subscribe((s, prev) => {
  // Another template or connection: the old request is not shown while the new one is built.
  if (s.connectionId !== prev.connectionId || s.templateId !== prev.templateId)
    set({ explain: null, error: null, curl: null });
  if (
    s.mapping !== prev.mapping ||
    s.connectionId !== prev.connectionId ||
    s.templateId !== prev.templateId
  ) {
    if (get().curl) set({ curl: null });
    scheduleExplain();
  }
});
useDatasetsStore.subscribe((s, prev) => {
  if (s.currentId !== prev.currentId) {
    set({ ...initialRequestPanelState });
    scheduleExplain();
  } else if (s.list !== prev.list) scheduleExplain(); // an import finishing
});
