import { useCallback, useEffect } from 'react';
import { ColumnStats } from '../components/ColumnStats';
import { DataGrid } from '../components/DataGrid';
import { DropZone } from '../components/DropZone';
import { EmptyState } from '../components/EmptyState';
import { ErrorMessage } from '../components/ErrorMessage';
import { fmtInt, fmtTime } from '../components/format';
import { go } from '../stores/appStore';
import {
  clearImportError,
  datasetsSelectors,
  ensureRows,
  importDataset,
  loadColumnStats,
  reimportLast,
  selectDataset,
  setImportSettings,
  useDatasetsStore,
} from '../stores/datasetsStore';

const ENCODING_NAMES: Record<string, string> = {
  'utf-8': 'UTF-8',
  latin1: 'Latin-1',
  'utf-16le': 'UTF-16 LE',
  'utf-16be': 'UTF-16 BE',
};

export function ImportScreen() {
  const list = useDatasetsStore(datasetsSelectors.list);
  const current = useDatasetsStore(datasetsSelectors.current);
  const importing = useDatasetsStore((s) => s.importing);
  const importError = useDatasetsStore((s) => s.importError);
  const rowsError = useDatasetsStore((s) => s.rowsError);
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
            onChange={(e) => setImportSettings({ encoding: e.target.value as typeof settings.encoding })}
          >
            <option value="">Detect</option>
            <option value="utf-8">UTF-8</option>
            <option value="latin1">Latin-1 / Windows-1252</option>
            <option value="utf-16le">UTF-16 LE</option>
            <option value="utf-16be">UTF-16 BE</option>
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
              ? `Storing ${importing.fileName}… ${current ? fmtInt(current.rowCount) : 0} rows so far`
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

      {list.length > 1 && (
        <label className="inline-field">
          Earlier imports
          <select
            data-testid="dataset-select"
            value={current?.id ?? ''}
            onChange={(e) => selectDataset(e.target.value)}
          >
            {list.map((d) => (
              <option key={d.id} value={d.id}>
                {d.fileName} — {fmtInt(d.rowCount)} rows — {fmtTime(d.importedAt)}
              </option>
            ))}
          </select>
        </label>
      )}

      {uploading ? null : current ? (
        <>
          <p className="dataset-summary" data-testid="dataset-summary" aria-live="polite">
            <strong>{current.fileName}</strong>: {fmtInt(current.rowCount)} rows, {current.columns.length}{' '}
            columns
            {current.state === 'ready' && (
              <span className="muted">
                {' '}
                · separated by {current.delimiter === '\t' ? 'tabs' : `“${current.delimiter}”`} ·{' '}
                {ENCODING_NAMES[current.encoding] ?? current.encoding}
              </span>
            )}
          </p>
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
      ) : (
        importError === null && (
          <EmptyState title="No spreadsheet yet">
            Drop a CSV file above, or choose one. Try <code>resources/</code> sample users to see how it works
            against the Sandbox.
          </EmptyState>
        )
      )}
    </section>
  );
}
