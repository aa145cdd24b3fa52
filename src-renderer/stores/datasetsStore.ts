// Imported spreadsheets. Rows live in SQLite; the grid asks for the pages it can see and the store
// keeps only a bounded window of them, so a million-row file costs the renderer a few hundred rows.
import { create } from 'zustand';
import type {
  ColumnStatsDto,
  CsvEncodingName,
  DatasetDto,
  DatasetProgress,
  DatasetRow,
} from '../../src-shared/contract/api';
import type { AppErrorShape, Result } from '../../src-shared/contract/errors';
import { call, importFile, importPath, storeEvents, type ImportSettings } from '../api/client';

export const ROW_PAGE_SIZE = 200;
/** Pages kept in memory; the ones farthest from what is on screen are dropped first. */
const MAX_PAGES = 30;

export interface DatasetsState {
  list: DatasetDto[];
  listError: AppErrorShape | null;
  currentId: string | null;
  /**
   * An import under way. Uploading: `progress` is the upload's fraction (null while main reads the
   * start of the file). Storing: `datasetId` is set, the grid already shows the rows stored so far and
   * `progress` is the fraction of the file read.
   */
  importing: { fileName: string; progress: number | null; datasetId?: string } | null;
  /** Separator and encoding the admin chose for the next import ('' = detect); kept with the desk (deskStore). */
  settings: { delimiter: string; encoding: CsvEncodingName | '' };
  /** The file last picked, so it can be read again with other settings (null after a reload). */
  lastFileName: string | null;
  importError: AppErrorShape | null;
  /** Row pages of the current dataset, keyed by page index. */
  pages: Record<number, DatasetRow[]>;
  rowsError: AppErrorShape | null;
  /** Column statistics of the current dataset over every row (computed in main). */
  stats: {
    datasetId: string;
    value: ColumnStatsDto | null;
    loading: boolean;
    error: AppErrorShape | null;
  } | null;
  /** An inline fix in progress: one cell of one row. `value` is null while the current value loads. */
  fix: CellFix | null;
}

export interface CellFix {
  rowNumber: number;
  column: string;
  value: string | null;
  saving: boolean;
  error: AppErrorShape | null;
}

export const initialDatasetsState: DatasetsState = {
  list: [],
  listError: null,
  currentId: null,
  importing: null,
  settings: { delimiter: '', encoding: '' },
  lastFileName: null,
  importError: null,
  pages: {},
  rowsError: null,
  stats: null,
  fix: null,
};
export const useDatasetsStore = create<DatasetsState>(() => initialDatasetsState);
const set = useDatasetsStore.setState;
const get = useDatasetsStore.getState;

const inFlight = new Set<string>();

/** `preferId`: the import the admin was working on (desk state); else the newest is opened. */
export async function loadDatasets(preferId: string | null = null): Promise<void> {
  const r = await call('datasets.list', {});
  if (!r.ok) return set({ listError: r.error });
  const list = [...r.value].sort((a, b) => b.importedAt - a.importedAt);
  set({ list, listError: null });
  const open = list.find((d) => d.id === preferId) ?? list[0];
  if (!get().currentId && open) selectDataset(open.id);
}

/** The File object itself stays out of the store (not serialisable); only its name is shown. */
let lastFile: File | null = null;

export function setImportSettings(patch: Partial<DatasetsState['settings']>): void {
  set({ settings: { ...get().settings, ...patch } });
}

/** Reads the last picked file again with the current separator/encoding settings (and its sheet). */
export async function reimportLast(): Promise<DatasetDto | null> {
  const sheet = datasetsSelectors.current(get())?.sheet ?? undefined;
  return lastFile ? importDataset(lastFile, sheet) : null;
}

/** Reads another sheet of the workbook last picked (the same file, read again). */
export async function pickSheet(sheet: string): Promise<DatasetDto | null> {
  return lastFile ? importDataset(lastFile, sheet) : null;
}

/** Whether the current dataset came from the file last picked (so its sheets can be read again). */
export const canReadAgain = (d: DatasetDto | null): boolean => lastFile !== null && d?.fileName === lastFile.name;

/** Deletes an imported dataset (the Import screen asks first); false with `importError` set when refused. */
export async function deleteDataset(datasetId: string): Promise<boolean> {
  const r = await call('datasets.delete', { datasetId });
  if (!r.ok) {
    set({ importError: r.error });
    return false;
  }
  const rest = get().list.filter((d) => d.id !== datasetId);
  set({ list: rest });
  if (get().currentId === datasetId) {
    set({ currentId: null, pages: {}, fix: null, stats: null });
    if (rest[0]) selectDataset(rest[0].id);
  }
  return true;
}

/**
 * Imports a file. `sheet`: a workbook's sheet to read (the Sheet picker reads the same file again with
 * it); a newly picked file starts from the workbook's own first sheet with data.
 */
export async function importDataset(file: File, sheet?: string): Promise<DatasetDto | null> {
  lastFile = file;
  return runImport(file.name, file.name, sheet, (settings) =>
    importFile(
      file,
      (progress) => {
        set({ importing: { fileName: file.name, progress: progress >= 1 ? null : progress } });
      },
      settings,
    ),
  );
}

/**
 * Imports a spreadsheet the OS opened with the app (Electron: double-click, "Open with", File → Open);
 * main granted its path for this one import, so it cannot be read again with other settings from here.
 */
export async function importOpenedFile(path: string): Promise<DatasetDto | null> {
  lastFile = null;
  const fileName = path.split(/[\\/]/).pop() || path;
  return runImport(fileName, null, undefined, (settings) => importPath(path, settings));
}

async function runImport(
  fileName: string,
  lastFileName: string | null,
  sheet: string | undefined,
  start: (settings: ImportSettings) => Promise<Result<DatasetDto>>,
): Promise<DatasetDto | null> {
  const { delimiter, encoding } = get().settings;
  const settings: ImportSettings = {
    ...(delimiter ? { delimiter } : {}),
    ...(encoding ? { encoding } : {}),
    ...(sheet ? { sheet } : {}),
  };
  set({ importing: { fileName, progress: 0 }, importError: null, lastFileName });
  const r = await start(settings);
  if (!r.ok) {
    const named = r.error.message.includes(fileName) ? r.error.message : `${fileName}: ${r.error.message}`;
    set({ importing: null, importError: { ...r.error, message: named } });
    return null;
  }
  const importing =
    r.value.state === 'importing' ? { fileName, progress: null, datasetId: r.value.id } : null;
  set({ importing, list: [r.value, ...get().list.filter((d) => d.id !== r.value.id)] });
  selectDataset(r.value.id);
  // Events can overtake the answer that announced the dataset: apply the latest one now.
  const early = unclaimed.get(r.value.id);
  unclaimed.clear();
  if (early) handleProgress(early);
  return r.value;
}

/** A big file keeps importing after its first rows are shown: grow the grid, then settle. */
const unclaimed = new Map<string, DatasetProgress>();
function handleProgress(p: DatasetProgress): void {
  const { list, importing } = get();
  if (!list.some((d) => d.id === p.datasetId)) {
    if (get().importing) unclaimed.set(p.datasetId, p);
    return;
  }
  if (p.state === 'failed') {
    const rest = list.filter((d) => d.id !== p.datasetId);
    set({
      list: rest,
      importing: importing?.datasetId === p.datasetId ? null : importing,
      importError: p.error,
    });
    if (get().currentId === p.datasetId) {
      set({ currentId: null, pages: {}, fix: null });
      if (rest[0]) selectDataset(rest[0].id);
    }
    return;
  }
  // Pages fetched while the end of the file was still arriving may be short: fetch them again.
  const pages = { ...get().pages };
  for (const [k, rows] of Object.entries(pages)) if (rows.length < ROW_PAGE_SIZE) delete pages[Number(k)];
  set({
    list: list.map((d) => (d.id === p.datasetId ? { ...d, rowCount: p.rowCount } : d)),
    pages: get().currentId === p.datasetId ? pages : get().pages,
    importing:
      importing?.datasetId === p.datasetId
        ? p.state === 'ready'
          ? null
          : { ...importing, progress: p.totalBytes ? p.bytesRead / p.totalBytes : null }
        : importing,
  });
  if (p.state === 'ready') void refreshDataset(p.datasetId);
}

/** The stored DTO once an import is done (state, detected separator and encoding, final count). */
async function refreshDataset(id: string): Promise<void> {
  const r = await call('datasets.list', {});
  const fresh = r.ok ? r.value.find((d) => d.id === id) : undefined;
  if (fresh) set({ list: get().list.map((d) => (d.id === id ? fresh : d)) });
}

export const initDatasetEvents = storeEvents((msg) => {
  if (msg.event === 'dataset:progress') handleProgress(msg.payload);
});

export function clearImportError(): void {
  set({ importError: null });
}

export function selectDataset(id: string): void {
  if (get().currentId === id) return;
  inFlight.clear();
  set({ currentId: id, pages: {}, rowsError: null, fix: null, stats: null });
}

/** Counts empty cells, distinct values and kinds over every row of a ready dataset (once per change). */
export async function loadColumnStats(datasetId: string): Promise<void> {
  const st = get().stats;
  if (st && st.datasetId === datasetId) return; // loading, loaded or failed: reset to null to count again
  set({ stats: { datasetId, value: null, loading: true, error: null } });
  const r = await call('datasets.columnStats', { datasetId });
  if (get().stats?.datasetId !== datasetId) return;
  set({
    stats: r.ok
      ? { datasetId, value: r.value, loading: false, error: null }
      : { datasetId, value: null, loading: false, error: r.error },
  });
}

/** Makes sure the rows with 0-based indexes first..last are loaded (or loading). */
export function ensureRows(first: number, last: number): void {
  const { currentId } = get();
  const ds = datasetsSelectors.current(get());
  if (!currentId || !ds || ds.rowCount === 0) return;
  const lastIndex = Math.min(last, ds.rowCount - 1);
  for (let page = Math.floor(Math.max(0, first) / ROW_PAGE_SIZE); page * ROW_PAGE_SIZE <= lastIndex; page++) {
    void loadPage(currentId, page, first);
  }
}

async function loadPage(datasetId: string, page: number, near: number): Promise<void> {
  const key = `${datasetId}:${page}`;
  if (get().pages[page] || inFlight.has(key)) return;
  inFlight.add(key);
  const r = await call('datasets.rows', { datasetId, offset: page * ROW_PAGE_SIZE, limit: ROW_PAGE_SIZE });
  inFlight.delete(key);
  if (get().currentId !== datasetId) return;
  if (!r.ok) return set({ rowsError: r.error });
  const pages = { ...get().pages, [page]: r.value.items };
  const keys = Object.keys(pages).map(Number);
  if (keys.length > MAX_PAGES) {
    const centre = Math.floor(near / ROW_PAGE_SIZE);
    keys.sort((a, b) => Math.abs(b - centre) - Math.abs(a - centre));
    for (const k of keys.slice(0, keys.length - MAX_PAGES)) delete pages[k];
  }
  set({ pages, rowsError: null });
}

/**
 * Finds a row by its number. Numbers follow the spreadsheet (header and blank lines count), so the
 * row is looked for in a window around where it should be rather than at an assumed offset.
 */
async function fetchRow(datasetId: string, rowNumber: number): Promise<DatasetRow | null> {
  const first = get().pages[0]?.[0]?.rowNumber ?? 2;
  const r = await call('datasets.rows', {
    datasetId,
    offset: Math.max(0, rowNumber - first - 20),
    limit: 60,
  });
  return r.ok ? (r.value.items.find((x) => x.rowNumber === rowNumber) ?? null) : null;
}

export async function startFix(rowNumber: number, column: string): Promise<void> {
  const ds = datasetsSelectors.current(get());
  if (!ds) return;
  set({ fix: { rowNumber, column, value: null, saving: false, error: null } });
  const row = await fetchRow(ds.id, rowNumber);
  const f = get().fix;
  if (!f || f.rowNumber !== rowNumber || f.column !== column) return;
  const i = ds.columns.indexOf(column);
  set({ fix: { ...f, value: row && i >= 0 ? (row.cells[i] ?? '') : '' } });
}

export function setFixValue(value: string): void {
  const f = get().fix;
  if (f) set({ fix: { ...f, value } });
}

export function cancelFix(): void {
  set({ fix: null });
}

/** Saves the fixed cell in SQLite and in any loaded page; returns true when stored. */
export async function saveFix(): Promise<boolean> {
  const ds = datasetsSelectors.current(get());
  const f = get().fix;
  if (!ds || !f || f.value === null) return false;
  set({ fix: { ...f, saving: true, error: null } });
  const r = await call('datasets.updateCell', {
    datasetId: ds.id,
    rowNumber: f.rowNumber,
    column: f.column,
    value: f.value,
  });
  if (!r.ok) {
    set({ fix: { ...f, saving: false, error: r.error } });
    return false;
  }
  const pages = { ...get().pages };
  for (const [k, rows] of Object.entries(pages)) {
    if (rows.some((x) => x.rowNumber === r.value.rowNumber))
      pages[Number(k)] = rows.map((x) => (x.rowNumber === r.value.rowNumber ? r.value : x));
  }
  set({ fix: null, pages, stats: null }); // statistics are counted again when next shown
  return true;
}

export const datasetsSelectors = {
  list: (s: DatasetsState) => s.list,
  current: (s: DatasetsState): DatasetDto | null => s.list.find((d) => d.id === s.currentId) ?? null,
  columns: (s: DatasetsState): string[] => datasetsSelectors.current(s)?.columns ?? EMPTY,
  /** The row at a 0-based index if its page is loaded. */
  rowAt:
    (index: number) =>
    (s: DatasetsState): DatasetRow | undefined =>
      s.pages[Math.floor(index / ROW_PAGE_SIZE)]?.[index % ROW_PAGE_SIZE],
};
const EMPTY: string[] = [];
