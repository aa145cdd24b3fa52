import { useEffect, useMemo, useState } from 'react';
import { jobUndoSentence } from '../../src-shared/undo/undoSentence';
import { issueText } from '../../src-shared/mapping/issueText';
import { rowKeySpec } from '../../src-shared/connectors/rowKeys';
import { useShallow } from 'zustand/react/shallow';
import { templatesFor } from '../../src-shared/connectors/catalog';
import { MANUAL_TEMPLATE_ID } from '../../src-shared/connectors/customTemplate';
import { sourceOf } from '../../src-shared/mapping/applyMapping';
import { suggestLookup } from '../../src-shared/mapping/suggestLookup';
import { replacedFields } from '../../src-shared/mapping/replacedFields';
import type { Mapping } from '../../src-shared/mapping/types';
import { ConfirmDialog, type ConfirmRequest } from '../components/ConfirmDialog';
import { ManualConfigEditor } from '../components/ManualConfigEditor';
import { fmtTime } from '../components/format';
import { scheduleExplain } from '../stores/requestPanelStore';
import { MapRequestPanel } from './MapRequestPanel';
import { EmptyState } from '../components/EmptyState';
import { ErrorMessage } from '../components/ErrorMessage';
import { FieldMapper } from '../components/FieldMapper';
import { InlineFix } from '../components/InlineFix';
import { PreflightSummary } from '../components/PreflightSummary';
import { loadPreflight, usePreflightStore } from '../stores/preflightStore';
import { fmtInt } from '../components/format';
import { go } from '../stores/appStore';
import { ConnectionWarning } from '../components/ConnectionWarning';
import { connectionsSelectors, useConnectionsStore } from '../stores/connectionsStore';
import {
  cancelFix,
  datasetsSelectors,
  ensureRows,
  saveFix,
  setFixValue,
  startFix,
  useDatasetsStore,
} from '../stores/datasetsStore';
import {
  applyPreset,
  checkRows,
  deletePreset,
  ensureDefaults,
  loadPresets,
  mappingSelectors,
  presetResult,
  rematch,
  rematchResult,
  savePreset,
  scheduleCheck,
  selectConnection,
  selectTemplate,
  setFieldSource,
  setManualConfig,
  setOnlyProblems,
  useMappingStore,
} from '../stores/mappingStore';

/** Rows read to tell ids from titles or emails (lookup suggestions). */
const SAMPLE_ROWS = 20;

export function MapScreen() {
  const connections = useConnectionsStore(connectionsSelectors.items);
  const dataset = useDatasetsStore(datasetsSelectors.current);
  const firstRow = useDatasetsStore(datasetsSelectors.rowAt(0));
  const fix = useDatasetsStore((s) => s.fix);
  const { connectionId, templateId, mapping, autoKeys, check, onlyProblems } = useMappingStore(
    useShallow((s) => ({
      connectionId: s.connectionId,
      templateId: s.templateId,
      mapping: s.mapping,
      autoKeys: s.autoKeys,
      check: s.check,
      onlyProblems: s.onlyProblems,
    })),
  );
  const template = useMappingStore(mappingSelectors.template);
  const isManual = useMappingStore(mappingSelectors.isManual);
  const manualIssues = useMappingStore(mappingSelectors.manualIssues);
  const saved = useMappingStore(
    useShallow((s) => ({ at: s.savedAt, error: s.saveError, unsaved: s.unsaved })),
  );
  const pages = useDatasetsStore((s) => s.pages);
  const missing = useMappingStore(useShallow(mappingSelectors.missingRequired));
  const presets = useMappingStore(useShallow(mappingSelectors.presetsForTemplate));
  const connection = connections.find((c) => c.id === connectionId) ?? null;
  const templates = useMemo(() => (connection ? templatesFor(connection.api) : []), [connection]);
  const [presetName, setPresetName] = useState('');
  const [confirm, setConfirm] = useState<ConfirmRequest | null>(null);
  // Auto-match again and a saved mapping replace the whole working mapping, saved at once with no undo:
  // when that would throw away fields the admin set, ask first, naming them.
  const replaceAsking = (next: Mapping | null, what: string, apply: () => void) => {
    const lost = next ? replacedFields(mapping, next, autoKeys) : [];
    if (lost.length === 0) return apply();
    setConfirm({
      title: `Replace ${lost.length === 1 ? 'a field' : `${lost.length} fields`} you set?`,
      body: (
        <>
          <p>
            {what} replaces the mapping of <strong>{dataset?.fileName}</strong> for <strong>{template?.name}</strong>,
            and it is saved at once. These fields would lose what they have now:
          </p>
          <ul data-testid="replaced-fields">
            {lost.map((l) => (
              <li key={l}>
                <code>{l}</code>
              </li>
            ))}
          </ul>
        </>
      ),
      confirmLabel: 'Replace them',
      cancelLabel: 'Keep my mapping',
      phrase: null,
      onConfirm: apply,
    });
  };
  const askDeletePreset = (name: string) =>
    setConfirm({
      title: `Delete the saved mapping “${name}”?`,
      body: (
        <p>
          It is removed from this computer’s Bulk Desk data for <strong>{template?.name}</strong>, for every file.
          The mapping you are working on, and jobs sent with it, keep what they have.
        </p>
      ),
      confirmLabel: 'Delete the saved mapping',
      phrase: null,
      onConfirm: () => void deletePreset(name),
    });
  const plan = usePreflightStore();
  // Duplicates and rows already sent are a whole-file question: asked once the row check has run.
  useEffect(() => {
    if (template && dataset?.state === 'ready' && missing.length === 0 && !check.running && check.checked > 0)
      void loadPreflight();
  }, [template, dataset, mapping, connectionId, missing.length, check.running, check.checked]);

  useEffect(() => ensureDefaults(), [connections]);
  useEffect(() => void loadPresets(), []);
  const presetError = useMappingStore((s) => s.presetError);
  useEffect(() => {
    if (dataset) ensureRows(0, SAMPLE_ROWS - 1);
  }, [dataset]);
  /** The first rows' cells of a column: what a lookup suggestion reads. */
  const samplesOf = useMemo(() => {
    const rows = (pages[0] ?? []).slice(0, SAMPLE_ROWS);
    return (column: string) => {
      const i = dataset?.columns.indexOf(column) ?? -1;
      return i < 0 ? [] : rows.map((r) => r.cells[i] ?? '');
    };
  }, [pages, dataset]);

  const problemsByField = useMemo(() => {
    const m = new Map<string, number>();
    for (const p of check.problems)
      for (const f of new Set(p.issues.map((i) => i.field))) m.set(f, (m.get(f) ?? 0) + 1);
    return m;
  }, [check.problems]);

  if (!dataset)
    return (
      <section className="screen" aria-labelledby="map-title">
        <h1 id="map-title">2. Map columns</h1>
        <EmptyState
          title="Import a spreadsheet first"
          action={{ label: 'Go to Import', onClick: () => go('import') }}
        >
          Mapping says which column fills which field of the API call, so it needs a file to work from.
        </EmptyState>
      </section>
    );

  const sample = (column: string) => {
    const i = dataset.columns.indexOf(column);
    return i >= 0 && firstRow ? (firstRow.cells[i] ?? '') : undefined;
  };
  const willSend = check.checked - check.errorRows;
  /** The file column behind a problem: `column:<name>`, or the column a field reads from. */
  const columnFor = (field: string): string | null => {
    if (field.startsWith('column:')) return field.slice('column:'.length);
    const src = mapping.fields[field];
    if (src?.kind === 'column') return src.column;
    if (src?.kind === 'template') {
      const names = [...src.template.matchAll(/\{([^{}]+)\}/g)].map((m) => m[1]!);
      return names.length === 1 && dataset.columns.includes(names[0]!) ? names[0]! : null;
    }
    return null;
  };
  const partial = check.checked < dataset.rowCount;

  return (
    <section className="screen map-screen" aria-labelledby="map-title">
      <header className="screen-header">
        <div>
          <h1 id="map-title">2. Map columns</h1>
          <p className="lede">
            Choose where the requests go and which columns of <strong>{dataset.fileName}</strong> fill each
            field.
          </p>
        </div>
        <button
          type="button"
          className="primary"
          data-testid="map-next"
          disabled={!template || missing.length > 0}
          onClick={() => go('preview')}
        >
          Next: preview →
        </button>
      </header>

      <div className="card choose">
        <label>
          Connection
          <select
            data-testid="connection-select"
            value={connectionId ?? ''}
            onChange={(e) => selectConnection(e.target.value)}
          >
            {!connectionId && <option value="">— choose —</option>}
            {connections.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name} ({c.api === 'coursepath' ? 'Coursepath' : 'Coassemble'})
                {c.isSandbox ? ' — sandbox' : ''}
              </option>
            ))}
          </select>
        </label>
        <label>
          Action
          <select
            data-testid="template-select"
            value={templateId ?? ''}
            disabled={!connection}
            onChange={(e) => selectTemplate(e.target.value)}
          >
            {!templateId && <option value="">— choose —</option>}
            {templates.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
            {connection?.api === 'coassemble' && (
              <option value={MANUAL_TEMPLATE_ID}>Coassemble: configure manually (any endpoint)…</option>
            )}
          </select>
        </label>
        {connection && <ConnectionWarning connection={connection} onOpenConnections={() => go('connections')} />}
        {connections.length === 0 && (
          <p className="warn-text">
            No connections yet.{' '}
            <button type="button" className="link" onClick={() => go('connections')}>
              Add one
            </button>{' '}
            or wait for the Sandbox to start.
          </p>
        )}
      </div>

      <ErrorMessage error={saved.error} title="This mapping was not saved:" testId="working-save-error" />
      {saved.unsaved && !saved.error && (
        <p className="muted small saved-note" data-testid="working-saving">
          Saving…
        </p>
      )}
      {saved.at !== null && !saved.error && !saved.unsaved && (
        <p className="muted small saved-note" data-testid="working-saved" data-saved-at={saved.at}>
          Saved with {dataset.fileName} in the data folder · {fmtTime(saved.at)} — kept after a restart, and used by the
          command line (<code>bulk-desk mappings show</code>).
        </p>
      )}
      <div className="map-layout">
        <div className="map-main">
          {isManual && dataset && (
            <ManualConfigEditor
              key={`${dataset.id}:${connectionId}`}
              datasetId={dataset.id}
              config={mapping.manual ?? { method: 'POST', url: '' }}
              columns={dataset.columns}
              issues={manualIssues}
              onChange={setManualConfig}
            />
          )}

          {template && (
            <>
              <div className="template-info">
                {isManual ? (
                  <p className="muted small">One field per column below: give any of them a constant, a template or transforms.</p>
                ) : (
                  <p>
                    <span className={`method method-${template.method}`}>{template.method}</span>{' '}
                    <code>{template.path}</code> — {template.description}
                  </p>
                )}
                {template.danger === 'destructive' && (
                  <p className="warn-text" role="note">
                    ⚠ This action changes or removes existing records. You will be asked to confirm before running
                    it. {jobUndoSentence(template.id).text}
                  </p>
                )}
              </div>

              <div className="toolbar">
                {!isManual && (
                  <button
                    type="button"
                    onClick={() => replaceAsking(rematchResult()?.mapping ?? null, 'Auto-match', rematch)}
                    data-testid="auto-match-button"
                  >
                    Auto-match again
                  </button>
                )}
                {presets.length > 0 && (
                  <label className="inline-field">
                    Saved mappings
                    <select
                      value=""
                      onChange={(e) => {
                        const name = e.target.value;
                        if (name) replaceAsking(presetResult(name), `The saved mapping “${name}”`, () => applyPreset(name));
                      }}
                      data-testid="preset-select"
                    >
                      <option value="">— apply one —</option>
                      {presets.map((p) => (
                        <option key={p.name} value={p.name}>
                          {p.name}
                        </option>
                      ))}
                    </select>
                  </label>
                )}
                <form
                  className="inline-field"
                  onSubmit={(e) => {
                    e.preventDefault();
                    const name = presetName.trim();
                    const save = () => {
                      void savePreset(name);
                      setPresetName('');
                    };
                    // The same name replaces the saved mapping (one per name and action): ask first.
                    if (!presets.some((p) => p.name === name)) return save();
                    setConfirm({
                      title: `Replace the saved mapping “${name}”?`,
                      body: (
                        <p>
                          A saved mapping “{name}” exists for <strong>{template?.name}</strong>: saving under this
                          name replaces it with the mapping you are working on, for every file that applies it next.
                        </p>
                      ),
                      confirmLabel: `Replace “${name}”`,
                      cancelLabel: 'Keep it',
                      phrase: null,
                      onConfirm: save,
                    });
                  }}
                >
                  <input
                    aria-label="Name for this mapping"
                    data-testid="preset-name"
                    placeholder="Save this mapping as…"
                    value={presetName}
                    onChange={(e) => setPresetName(e.target.value)}
                  />
                  <button type="submit" disabled={!presetName.trim()} data-testid="preset-save">
                    Save
                  </button>
                </form>
                {presets.length > 0 && (
                  <details className="inline-details">
                    <summary>Manage</summary>
                    <ul>
                      {presets.map((p) => (
                        <li key={p.name}>
                          {p.name}{' '}
                          <button
                            type="button"
                            className="link"
                            data-testid={`preset-delete-${p.name}`}
                            onClick={() => askDeletePreset(p.name)}
                          >
                            delete
                          </button>
                        </li>
                      ))}
                    </ul>
                  </details>
                )}
              </div>

              <ErrorMessage error={presetError} title="Saved mappings:" />
              {/* Mounted only while it asks: the request panel beside keeps a dialog of its own. */}
              {confirm && <ConfirmDialog request={confirm} onClose={() => setConfirm(null)} />}
              {!check.running && check.checked > 0 && (
                <p className={check.errorRows ? 'warn-text' : 'ok-text'} role="status">
                  {check.errorRows
                    ? `${fmtInt(check.errorRows)} of ${fmtInt(check.checked)} checked ${check.checked === 1 ? 'row' : 'rows'} ${check.errorRows === 1 ? 'has' : 'have'} problems and would be skipped.`
                    : check.checked === 1
                      ? 'The checked row builds a valid request.'
                      : `All ${fmtInt(check.checked)} checked rows build a valid request.`}{' '}
                  {check.errorRows > 0 && (
                    <a href="#check-title" className="link">
                      See and fix them
                    </a>
                  )}
                </p>
              )}
              {missing.length > 0 && (
                <p className="field-error" role="status">
                  Required field{missing.length > 1 ? 's' : ''} not mapped: {missing.join(', ')}.
                </p>
              )}

              <div className="fields" role="group" aria-label="Template fields">
                {template.fields.map((f) => {
                  const src = sourceOf(f, mapping) ?? { kind: 'none' as const };
                  return (
                    <FieldMapper
                      key={`${template.id}:${f.key}`}
                      field={f}
                      api={template.api}
                      source={src}
                      columns={dataset.columns}
                      auto={autoKeys.includes(f.key)}
                      sample={src.kind === 'column' ? sample(src.column) : undefined}
                      problemCount={problemsByField.get(f.key)}
                      isKey={rowKeySpec(template)?.fields.some(([k]) => k === f.key) ?? false}
                      suggestion={suggestLookup(template, f, src, src.kind === 'column' ? samplesOf(src.column) : [])}
                      onChange={(s) => setFieldSource(f.key, s)}
                    />
                  );
                })}
              </div>
            </>
          )}
        </div>
        {(template || isManual) && <MapRequestPanel connection={connection} />}
      </div>

      {template && (
        <>
          <section className="card check" aria-labelledby="check-title" aria-live="polite">
            <h2 id="check-title">Row check</h2>
            {dataset.state === 'importing' && (
              <p className="muted" role="status">
                Still storing the rows of {dataset.fileName} ({fmtInt(dataset.rowCount)} so far). Every row is
                checked as soon as the whole file is in.
              </p>
            )}
            <ErrorMessage error={check.error} title="Could not check rows." />
            {check.running && <p className="muted">Checking rows… {fmtInt(check.checked)} so far</p>}
            {!check.running && check.checked > 0 && (
              <p data-testid="check-summary">
                <strong>{fmtInt(willSend)}</strong> row{willSend === 1 ? ' builds' : 's build'} a valid request
                {check.errorRows > 0 && (
                  <>
                    , <strong className="error-text">{fmtInt(check.errorRows)}</strong> cannot be built and will be
                    skipped
                  </>
                )}
                {check.warningRows > 0 && <>, {fmtInt(check.warningRows)} with warnings</>}
                {partial
                  ? ` (first ${fmtInt(check.checked)} of ${fmtInt(dataset.rowCount)} rows checked)`
                  : '.'}
                {partial && (
                  <>
                    {' '}
                    <button type="button" className="link" onClick={() => void checkRows()}>
                      Check every row
                    </button>
                  </>
                )}
              </p>
            )}
            {missing.length === 0 && (plan.result || plan.loading) && (
              <PreflightSummary result={plan.result} loading={plan.loading} title="Whole file: what a run would do" />
            )}
            {check.problems.length > 0 && (
              <>
                <label className="inline">
                  <input
                    type="checkbox"
                    checked={onlyProblems}
                    onChange={(e) => setOnlyProblems(e.target.checked)}
                    data-testid="only-problems"
                  />
                  Show the rows with problems
                </label>
                {onlyProblems && (
                  <div className="table-wrap">
                    <table className="table compact" data-testid="problem-rows">
                      <thead>
                        <tr>
                          <th scope="col">Row</th>
                          <th scope="col">Field</th>
                          <th scope="col">Problem</th>
                          <th scope="col">Fix the cell</th>
                        </tr>
                      </thead>
                      <tbody>
                        {check.problems.flatMap((p) =>
                          p.issues.map((i, n) => {
                            const column = columnFor(i.field);
                            const editing =
                              fix && fix.rowNumber === p.rowNumber && fix.column === column ? fix : null;
                            return (
                              <tr
                                key={`${p.rowNumber}:${n}`}
                                className={`issue-${i.level}`}
                                data-testid={`problem-row-${p.rowNumber}`}
                              >
                                <td>Row {p.rowNumber}</td>
                                <td>
                                  {template.fields.find((f) => f.key === i.field)?.label ?? i.field}
                                  {column && <span className="muted small"> (column {column})</span>}
                                </td>
                                <td>{issueText(p.rowNumber, i, template.fields.find((f) => f.key === i.field)?.label).message}</td>
                                <td>
                                  {column &&
                                    n === p.issues.findIndex((x) => columnFor(x.field) === column) && (
                                      <InlineFix
                                        rowNumber={p.rowNumber}
                                        column={column}
                                        editing={editing}
                                        onStart={() => void startFix(p.rowNumber, column)}
                                        onChange={setFixValue}
                                        onCancel={cancelFix}
                                        onSave={async () => {
                                          if (await saveFix()) {
                                            scheduleCheck();
                                            scheduleExplain();
                                          }
                                        }}
                                      />
                                    )}
                                </td>
                              </tr>
                            );
                          }),
                        )}
                      </tbody>
                    </table>
                  </div>
                )}
              </>
            )}
          </section>
        </>
      )}
    </section>
  );
}
