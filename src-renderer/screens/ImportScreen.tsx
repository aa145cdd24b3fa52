import { useCallback, useEffect, useState } from 'react';
import type { DatasetDto } from '../../src-shared/contract/api';
import { COMMON_ENCODINGS, encodingLabel } from '../../src-shared/dataset/encodings';
import { ColumnStats } from '../components/ColumnStats';
import { ConfirmDialog, type ConfirmRequest } from '../components/ConfirmDialog';
import { DataGrid } from '../components/DataGrid';
import { DropZone } from '../components/DropZone';
import { EmptyState } from '../components/EmptyState';
import { ErrorMessage } from '../components/ErrorMessage';
import { fmtInt, fmtTime, plural } from '../components/format';
import { go } from '../stores/appStore';
import {
  canReadAgain,
  clearImportError,
  datasetsSelectors,
  deleteDataset,
  ensureRows,
  importDataset,
  loadColumnStats,
  pickSheet,
  reimportLast,
  selectDataset,
  setImportSettings,
  useDatasetsStore,
} from '../stores/datasetsStore';

/** How a dataset was read, in words: a workbook's sheet, or a CSV's separator and encoding. */
function howRead(d: DatasetDto): string {
  // An encoding: a CSV's, or an HTML or XML workbook's (a zipped workbook has none).
  const sure = d.encodingConfidence === null ? 'chosen' : `${d.encodingConfidence}% sure`;
  const encoding = d.encoding ? `${encodingLabel(d.encoding)} (${sure})` : null;
  if (d.format !== 'csv') return [`sheet “${d.sheet}” · ${d.format} workbook`, encoding].filter(Boolean).join(' · ');
  const separator = d.delimiter === '\t' ? 'tabs' : `“${d.delimiter}”`;
  return `separated by ${separator} · ${encoding}`;
}

/**
 * "Earlier imports" without repeats: one entry per file as imported (same name, sheet, rows and columns), the
 * newest, with how many times it was imported; the file on screen is always listed.
 */
function distinctImports(list: readonly DatasetDto[], currentId: string | null): { d: DatasetDto; times: number }[] {
  const byShape = new Map<string, { d: DatasetDto; times: number }>();
  for (const d of list) {
    const shape = `${d.fileName}\u0000${d.sheet ?? ''}\u0000${d.rowCount}\u0000${d.columns.join('\u0000')}`;
    const seen = byShape.get(shape);
    if (!seen) byShape.set(shape, { d, times: 1 });
    else {
      seen.times += 1;
      if (d.id === currentId || (seen.d.id !== currentId && d.importedAt > seen.d.importedAt)) seen.d = d;
    }
  }
  return [...byShape.values()].sort((a, b) => b.d.importedAt - a.d.importedAt);
}

export function ImportScreen() {
  const list = useDatasetsStore(datasetsSelectors.list);
  const current = useDatasetsStore(datasetsSelectors.current);
  const choices = distinctImports(list, current?.id ?? null);
  const importing = useDatasetsStore((s) => s.importing);
  const importError = useDatasetsStore((s) => s.importError);
  const rowsError = useDatasetsStore((s) => s.rowsError);
  const listError = useDatasetsStore((s) => s.listError);
  const settings = useDatasetsStore((s) => s.settings);
  const lastFileName = useDatasetsStore((s) => s.lastFileName);
  // Uploading (or reading the file's start): nothing to show yet. Storing: the first rows are in.
  const uploading = importing !== null && importing.datasetId === undefined;
  // Subscribing to the pages re-renders the grid as they arrive.
  useDatasetsStore((s) => s.pages);
  const stats = useDatasetsStore((s) => s.stats);
  const readyId = current?.state === 'ready' ? current.id : null;
  useEffect(() => {
    if (readyId) void loadColumnStats(readyId);
  }, [readyId, stats]);

  const getRow = useCallback((i: number) => datasetsSelectors.rowAt(i)(useDatasetsStore.getState()), []);
  const [confirm, setConfirm] = useState<ConfirmRequest | null>(null);
  const askDelete = (d: DatasetDto) =>
    setConfirm({
      title: `Delete ${d.fileName}${d.sheet ? ` (sheet “${d.sheet}”)` : ''} from Bulk Desk?`,
      body: (
        <p>
          Its {fmtInt(d.rowCount)} imported rows, and any cells fixed here, are removed from this computer's Bulk
          Desk data and the space goes back to the disk. The file itself is not touched. An import a job was made
          from stays (its history shows the rows).
        </p>
      ),
      confirmLabel: 'Delete this import',
      phrase: null,
      danger: true,
      onConfirm: () => void deleteDataset(d.id),
    });

  return (
    <section className="screen" aria-labelledby="import-title">
      <header className="screen-header">
        <div>
          <h1 id="import-title">1. Import a spreadsheet</h1>
          <p className="lede">One row per request. The first row must hold the column names.</p>
        </div>
        {current && (
          <button type="button" className="primary" onClick={() => go('map')} data-testid="import-next">
            Next: map columns →
          </button>
        )}
      </header>

      <DropZone busy={importing !== null} onFile={(f) => void importDataset(f)} />

      <div className="import-settings" role="group" aria-label="How to read the file">
        <label className="inline-field">
          Separator
          <select
            data-testid="import-delimiter"
            value={settings.delimiter}
            onChange={(e) => setImportSettings({ delimiter: e.target.value })}
          >
            <option value="">Detect</option>
            <option value=",">Comma ,</option>
            <option value=";">Semicolon ;</option>
            <option value={'\t'}>Tab</option>
            <option value="|">Pipe |</option>
          </select>
        </label>
        <label className="inline-field">
          Encoding
          <select
            data-testid="import-encoding"
            value={settings.encoding}
            onChange={(e) => setImportSettings({ encoding: e.target.value })}
          >
            <option value="">Detect</option>
            {COMMON_ENCODINGS.map((e) => (
              <option key={e.value} value={e.value}>
                {e.label}
              </option>
            ))}
          </select>
        </label>
        {lastFileName && (
          <button
            type="button"
            data-testid="reimport-button"
            disabled={importing !== null}
            onClick={() => void reimportLast()}
          >
            Read {lastFileName} again with these settings
          </button>
        )}
      </div>

      {importing && (
        <div className="importing" role="status" aria-live="polite" data-testid="import-progress">
          <span>
            {importing.datasetId
              ? `Storing ${importing.fileName}… ${plural(current?.rowCount ?? 0, 'row')} so far`
              : importing.progress === null
                ? `Reading ${importing.fileName}…`
                : `Uploading ${importing.fileName}…`}
          </span>
          <progress
            aria-label={`Importing ${importing.fileName}`}
            max={1}
            value={importing.progress ?? undefined}
          />
        </div>
      )}
      <ErrorMessage
        error={importError}
        testId="import-error"
        title="This file could not be imported."
        onDismiss={clearImportError}
      />

      {choices.length > 1 && (
        <label className="inline-field">
          Earlier imports
          <select
            data-testid="dataset-select"
            value={current?.id ?? ''}
            onChange={(e) => selectDataset(e.target.value)}
          >
            {choices.map(({ d, times }) => (
              <option key={d.id} value={d.id}>
                {d.fileName}
                {d.sheet ? ` (${d.sheet})` : ''} — {plural(d.rowCount, 'row')} — {fmtTime(d.importedAt)}
                {times > 1 ? ` (imported ${times} times)` : ''}
              </option>
            ))}
          </select>
        </label>
      )}

      {uploading ? null : current ? (
        <>
          <div className="dataset-head">
            <p className="dataset-summary" data-testid="dataset-summary" aria-live="polite">
              <strong>{current.fileName}</strong>: {plural(current.rowCount, 'row')},{' '}
              {plural(current.columns.length, 'column')}
              {current.state === 'ready' && <span className="muted"> · {howRead(current)}</span>}
            </p>
            {current.state === 'ready' && current.sheets.length > 1 && (
              <label className="inline-field">
                Sheet
                <select
                  data-testid="import-sheet"
                  value={current.sheet ?? ''}
                  disabled={importing !== null || !canReadAgain(current)}
                  title={canReadAgain(current) ? undefined : `Choose ${current.fileName} again to read another sheet.`}
                  onChange={(e) => void pickSheet(e.target.value)}
                >
                  {current.sheets.map((sh) => (
                    <option key={sh.name} value={sh.name} disabled={sh.rows === 0}>
                      {sh.name} — {sh.rows === 0 ? 'empty' : plural(sh.rows, 'row')}
                      {sh.hidden ? ' (hidden)' : ''}
                    </option>
                  ))}
                </select>
              </label>
            )}
            {current.state === 'ready' && (
              <button type="button" className="danger small" data-testid="dataset-delete" onClick={() => askDelete(current)}>
                Delete this import…
              </button>
            )}
          </div>
          {current.warnings.length > 0 && (
            <section className="import-warnings" data-testid="import-warnings" aria-label="Worth knowing about this file">
              <h2>Worth knowing</h2>
              <ul>
                {current.warnings.map((w) => (
                  <li key={w}>{w}</li>
                ))}
              </ul>
            </section>
          )}
          <ErrorMessage error={rowsError} title="Could not load rows." />
          {current.rowCount === 0 ? (
            <EmptyState title="This file has a header but no data rows">
              Add rows below the header line and import it again.
            </EmptyState>
          ) : (
            <>
              <DataGrid
                key={current.id}
                label={`Rows of ${current.fileName}`}
                columns={current.columns}
                rowCount={current.rowCount}
                getRow={getRow}
                onRangeChange={ensureRows}
                testId="dataset-grid"
              />
              {current.state === 'ready' && (
                <>
                  <ColumnStats
                    stats={stats?.datasetId === current.id ? stats.value : null}
                    loading={stats?.datasetId === current.id && stats.loading}
                  />
                  <ErrorMessage error={stats?.error ?? null} title="Could not count the columns." />
                </>
              )}
            </>
          )}
        </>
      ) : listError ? (
        // Not "no spreadsheet yet": the imports could not be read (the service gone, or refusing this page).
        <ErrorMessage error={listError} title="Could not read the spreadsheets imported before." testId="dataset-list-error" />
      ) : (
        importError === null && (
          <EmptyState title="No spreadsheet yet">
            Drop a CSV file or an Excel workbook above, or choose one. It is read on this machine, and nothing is
            sent to an LMS until you start a run — try it first against a Sandbox connection.
          </EmptyState>
        )
      )}
      <ConfirmDialog request={confirm} onClose={() => setConfirm(null)} />
    </section>
  );
}
