// The exact requests for the first rows (or any row), and test-sending one of them for real. An edited
// body applies to that one test only (`bodyOverride`); the mapping is not changed by it.
import { create } from 'zustand';
import type { RequestPreview, TestCallDto, TestSendResult } from '../../src-shared/contract/api';
import type { AppErrorShape } from '../../src-shared/contract/errors';
import { call } from '../api/client';
import { useDatasetsStore } from './datasetsStore';
import { currentSpec } from './mappingStore';

export const PREVIEW_PAGE = 5;

export interface PreviewState {
  offset: number;
  items: RequestPreview[];
  loading: boolean;
  error: AppErrorShape | null;
  /** Row number (as main numbers rows) picked for a test send; null until the first preview arrives. */
  testRow: number | null;
  /** The request of `testRow` as the mapping builds it. */
  testRequest: RequestPreview | null;
  /** The body in the editor; differs from `testRequest.body` when the admin edited it. */
  bodyDraft: string;
  sending: boolean;
  result: TestSendResult | null;
  testError: AppErrorShape | null;
  /** Test-sends kept in history for the current file, newest first (a page). */
  testCalls: TestCallDto[];
  testCallsTotal: number;
  testCallsError: AppErrorShape | null;
}

export const initialPreviewState: PreviewState = {
  offset: 0,
  items: [],
  loading: false,
  error: null,
  testRow: null,
  testRequest: null,
  bodyDraft: '',
  sending: false,
  result: null,
  testError: null,
  testCalls: [],
  testCallsTotal: 0,
  testCallsError: null,
};
export const usePreviewStore = create<PreviewState>(() => initialPreviewState);
const set = usePreviewStore.setState;
const get = usePreviewStore.getState;

let seq = 0;
export async function loadPreview(offset = get().offset): Promise<void> {
  const spec = currentSpec();
  const mine = ++seq;
  if (!spec) return set({ items: [], loading: false, error: null, offset: 0 });
  set({ loading: true, offset: Math.max(0, offset) });
  const r = await call('requests.preview', { ...spec, offset: Math.max(0, offset), limit: PREVIEW_PAGE });
  if (mine !== seq) return;
  set(r.ok ? { items: r.value, loading: false, error: null } : { items: [], loading: false, error: r.error });
  const first = r.ok ? r.value[0] : undefined;
  const row = get().testRow ?? first?.rowNumber ?? null;
  if (row !== null) void loadTestRequest(row);
}

/**
 * Row numbers come from main (spreadsheet numbering, blank lines skipped), so a row's offset is found
 * near `rowNumber - firstRowNumber` rather than assumed.
 */
let testSeq = 0;
export async function loadTestRequest(rowNumber: number): Promise<void> {
  const spec = currentSpec();
  const row = Math.max(1, Math.floor(rowNumber) || 1);
  const mine = ++testSeq;
  set({ testRow: row });
  if (!spec) return set({ testRequest: null, bodyDraft: '' });
  const found = (list: readonly RequestPreview[]) => list.find((p) => p.rowNumber === row);
  const cached = found(get().items);
  if (cached) return set({ testRequest: cached, bodyDraft: cached.body ?? '', testError: null });
  const { items, offset } = get();
  const base = items[0] ? items[0].rowNumber - offset : 1;
  const guess = Math.max(0, row - base - 10);
  const r = await call('requests.preview', { ...spec, offset: guess, limit: 40 });
  if (mine !== testSeq) return;
  if (!r.ok) return set({ testRequest: null, bodyDraft: '', testError: r.error });
  const p = found(r.value) ?? null;
  set({
    testRequest: p,
    bodyDraft: p?.body ?? '',
    testError: p
      ? null
      : { code: 'NOT_FOUND', message: `There is no row ${row} in this file.`, details: { row } },
  });
}

export function setTestRow(rowNumber: number | null): void {
  set({ testRow: rowNumber });
}

export function setBodyDraft(bodyDraft: string): void {
  set({ bodyDraft });
}

export function resetBodyDraft(): void {
  set({ bodyDraft: get().testRequest?.body ?? '' });
}

/** `confirm`: a destructive template's phrase for one row, asked by the screen before sending. */
export async function testSend(confirm?: string): Promise<void> {
  const spec = currentSpec();
  const { testRow } = get();
  if (!spec || testRow === null) return;
  if (get().testRequest?.rowNumber !== testRow) await loadTestRequest(testRow);
  const { testRequest, bodyDraft } = get();
  const edited = testRequest !== null && testRequest.body !== null && bodyDraft !== testRequest.body;
  set({ sending: true, testError: null, result: null });
  const r = await call('requests.testSend', {
    ...spec,
    rowNumber: testRow,
    ...(edited ? { bodyOverride: bodyDraft } : {}),
    ...(confirm ? { confirm } : {}),
  });
  set(r.ok ? { sending: false, result: r.value } : { sending: false, testError: r.error });
  void loadTestCalls();
}

export const TEST_CALLS_PAGE = 10;

/** The current file's test calls, newest first. */
export async function loadTestCalls(): Promise<void> {
  const datasetId = useDatasetsStore.getState().currentId;
  if (!datasetId) return set({ testCalls: [], testCallsTotal: 0, testCallsError: null });
  const r = await call('requests.testCalls', { datasetId, offset: 0, limit: TEST_CALLS_PAGE });
  if (useDatasetsStore.getState().currentId !== datasetId) return;
  set(
    r.ok
      ? { testCalls: r.value.items, testCallsTotal: r.value.total, testCallsError: null }
      : { testCallsError: r.error },
  );
}

// Another file: forget the row picked and the last result.
useDatasetsStore.subscribe((s, prev) => {
  if (s.currentId !== prev.currentId) set({ ...initialPreviewState });
});

export const previewSelectors = {
  bodyEdited: (s: PreviewState) =>
    s.testRequest !== null && s.testRequest.body !== null && s.bodyDraft !== s.testRequest.body,
};
