// The exact requests for the first rows (or any row), and test-sending one of them for real. An edited
// body applies to that one test only (`bodyOverride`); the mapping is not changed by it. The edit lives
// in this page only, never stored (the screen says so): kept across screens while the mapping builds
// the same body for the row, put back — and said — when it builds another. A form body is
// edited as name/value rows (encoded exactly as the builder encodes them), a JSON body as text that must
// parse before it is sent.
import { create } from 'zustand';
import type { RequestPreview, TestCallDto, TestSendResult } from '../../src-shared/contract/api';
import type { AppErrorShape } from '../../src-shared/contract/errors';
import { toCurl } from '../../src-shared/mapping/curl';
import {
  encodeFormBody,
  isFormType,
  isJsonType,
  jsonProblem,
  parseFormBody,
  type FormPair,
} from '../../src-shared/mapping/formBody';
import { call } from '../api/client';
import type { CurlShown } from '../components/RequestPanel';
import { useDatasetsStore } from './datasetsStore';
import { currentSpec } from './mappingStore';
import { loadPreflight } from './preflightStore';

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
  /** A form body's rows in the editor (null for other bodies); `bodyDraft` is their encoding. */
  formRows: FormPair[] | null;
  /**
   * The admin's edit of this row's body was put back because the mapping now builds another body for it
   * (an edit is kept across screens only while the mapping builds the same body).
   */
  bodyReplaced: boolean;
  /** The test row's request as cURL (placeholder or, asked for, live); never stored. */
  curl: CurlShown | null;
  curlError: AppErrorShape | null;
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
  formRows: null,
  bodyReplaced: false,
  curl: null,
  curlError: null,
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
/** The editor's starting point for a request: its body, and its rows when it is a form. */
function draftOf(
  p: RequestPreview | null,
): Pick<PreviewState, 'testRequest' | 'bodyDraft' | 'formRows' | 'bodyReplaced' | 'curl' | 'curlError'> {
  const formRows = p?.body != null && isFormType(p.headers) ? parseFormBody(p.body) : null;
  return {
    testRequest: p,
    bodyDraft: p?.body ?? '',
    formRows,
    bodyReplaced: false,
    curl: null,
    curlError: null,
  };
}

/**
 * The editor for a request read again (Preview opened again, the mapping edited): the admin's edit is
 * kept while it is the same row and the mapping builds the same body; else the new body, and when the
 * same row's edit is what went, `bodyReplaced` says so.
 */
function redraftOf(p: RequestPreview | null): ReturnType<typeof draftOf> {
  const s = get();
  const prev = s.testRequest;
  const sameRow = !!p && !!prev && p.rowNumber === prev.rowNumber;
  if (sameRow && p.body === prev.body && isFormType(p.headers) === isFormType(prev.headers))
    return { ...draftOf(p), bodyDraft: s.bodyDraft, formRows: s.formRows, bodyReplaced: s.bodyReplaced };
  return { ...draftOf(p), bodyReplaced: sameRow && previewSelectors.bodyEdited(s) };
}

export async function loadTestRequest(rowNumber: number): Promise<void> {
  clearTimeout(typedRowTimer);
  const spec = currentSpec();
  const row = Math.max(1, Math.floor(rowNumber) || 1);
  const mine = ++testSeq;
  set({ testRow: row });
  if (!spec) return set(draftOf(null));
  const found = (list: readonly RequestPreview[]) => list.find((p) => p.rowNumber === row);
  const cached = found(get().items);
  if (cached) return set({ ...redraftOf(cached), testError: null });
  const { items, offset } = get();
  const base = items[0] ? items[0].rowNumber - offset : 1;
  const guess = Math.max(0, row - base - 10);
  const r = await call('requests.preview', { ...spec, offset: guess, limit: 40 });
  if (mine !== testSeq) return;
  if (!r.ok) return set({ ...draftOf(null), testError: r.error });
  const p = found(r.value) ?? null;
  set({
    ...redraftOf(p),
    testError: p
      ? null
      : { code: 'NOT_FOUND', message: `There is no row ${row} in this file.`, details: { row } },
  });
}

/** A pause in typing before the typed row is read: "123" reads row 123, not rows 1 and 12 on the way. */
export const TYPED_ROW_PAUSE_MS = 250;
let typedRowTimer: ReturnType<typeof setTimeout> | undefined;

/**
 * The Row box as typed: the row is read once typing pauses, without waiting for the box to lose focus
 * (until then the screen showed the previous row under the new number). Until it arrives the screen shows
 * no request rather than another row's (testRequest.rowNumber ≠ testRow).
 */
export function setTestRow(rowNumber: number | null): void {
  clearTimeout(typedRowTimer);
  // "There is no row 99" is about the row that was in the box, not the one typed now.
  const rowMissing = get().testError?.details?.row !== undefined;
  set({ testRow: rowNumber, ...(rowMissing ? { testError: null } : {}) });
  if (rowNumber !== null && Number.isInteger(rowNumber) && rowNumber >= 1)
    typedRowTimer = setTimeout(() => void loadTestRequest(rowNumber), TYPED_ROW_PAUSE_MS);
}

export function setBodyDraft(bodyDraft: string): void {
  set({ bodyDraft, bodyReplaced: false, curl: null });
}

export function setFormRows(formRows: FormPair[]): void {
  set({ formRows, bodyDraft: encodeFormBody(formRows), bodyReplaced: false, curl: null });
}

export function resetBodyDraft(): void {
  set(draftOf(get().testRequest));
}

/** Why the edited body cannot be sent as it is (JSON that does not parse), or null. */
function draftProblem(s: PreviewState): string | null {
  return s.testRequest && isJsonType(s.testRequest.headers) && previewSelectors.bodyEdited(s)
    ? jsonProblem(s.bodyDraft)
    : null;
}

/** The test row's request as cURL, with the edited body; the signature a placeholder. */
export function copyTestCurl(): void {
  const s = get();
  if (!s.testRequest?.url) return;
  // A body that does not parse would make a command the LMS refuses: refused here as Send refuses it.
  const problem = draftProblem(s);
  if (problem) return set({ curl: null, curlError: { code: 'INVALID_INPUT', message: problem } });
  const body = previewSelectors.bodyEdited(s) ? s.bodyDraft : s.testRequest.body;
  set({
    curl: { command: toCurl({ ...s.testRequest, body }, null), live: false, validForSeconds: null },
    curlError: null,
  });
}

/** Only after the admin confirmed the warning: the same with a live signature, from main. */
export async function liveTestCurl(): Promise<void> {
  const spec = currentSpec();
  const s = get();
  if (!spec || !s.testRequest) return;
  const problem = draftProblem(s);
  if (problem) return set({ curl: null, curlError: { code: 'INVALID_INPUT', message: problem } });
  const r = await call('requests.liveCurl', {
    ...spec,
    rowNumber: s.testRequest.rowNumber,
    ...(previewSelectors.bodyEdited(s) ? { bodyOverride: s.bodyDraft } : {}),
    acknowledge: true,
  });
  set(
    r.ok
      ? {
          curl: { command: r.value.command, live: true, validForSeconds: r.value.validForSeconds },
          curlError: null,
        }
      : { curl: null, curlError: r.error },
  );
}

export function closeTestCurl(): void {
  set({ curl: null, curlError: null });
}

/** `confirm`: a destructive template's phrase for one row, asked by the screen before sending. */
export async function testSend(confirm?: string): Promise<void> {
  const spec = currentSpec();
  const { testRow } = get();
  // One send at a time, marked before anything is awaited: a double click on Send, while the row's
  // request was still being read, sent the row twice (two members, two enrolments).
  if (!spec || testRow === null || get().sending) return;
  set({ sending: true });
  if (get().testRequest?.rowNumber !== testRow) await loadTestRequest(testRow);
  const { bodyDraft } = get();
  const edited = previewSelectors.bodyEdited(get());
  // An invalid JSON body would only earn a 400 from the LMS (and count as a call): it is not sent.
  const problem = draftProblem(get());
  if (problem)
    return set({
      sending: false,
      testError: {
        code: 'INVALID_INPUT',
        message: `Row ${testRow} was not sent. ${problem}`,
        details: { field: 'body' },
      },
    });
  set({ testError: null, result: null });
  const r = await call('requests.testSend', {
    ...spec,
    rowNumber: testRow,
    ...(edited ? { bodyOverride: bodyDraft } : {}),
    ...(confirm ? { confirm } : {}),
  });
  set(r.ok ? { sending: false, result: r.value } : { sending: false, testError: r.error });
  void loadTestCalls();
  // A row sent as a test is "already sent" to a run: Run's count and its Send button must say so now.
  if (r.ok) void loadPreflight(true);
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

const sameRows = (a: readonly FormPair[], b: readonly FormPair[]) =>
  a.length === b.length && a.every(([n, v], i) => n === b[i]![0] && v === b[i]![1]);

export const previewSelectors = {
  /** The admin changed the body (form rows compared as rows, so an untouched form is never "edited"). */
  bodyEdited: (s: PreviewState) => {
    const body = s.testRequest?.body;
    if (body == null) return false;
    if (s.formRows) return !sameRows(s.formRows, parseFormBody(body));
    return s.bodyDraft !== body;
  },
  /** Why the edited JSON body cannot be sent, or null. */
  draftProblem,
};
