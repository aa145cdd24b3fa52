// The manual configuration (seed 000's "Configure Manually", as Nexla has it): any Coassemble endpoint by
// method and URL with {column} path parameters, extra headers, columns left out of the body, per-column
// types, record batching with its size and grouping, and the response fields to keep per row. The request
// panel beside it shows the resulting request on every change (the seed's "sample payload").
import { useState } from 'react';
import {
  DEFAULT_BATCH_SIZE,
  parseHeaderList,
  type ManualConfig,
} from '../../src-shared/connectors/customTemplate';
import type { FieldType } from '../../src-shared/connectors/types';
import { rowsToShow } from '../../src-shared/desk/screenChoices';
import type { MappingIssue } from '../../src-shared/mapping/types';
import { keepManualRows, manualRowsKept } from '../stores/screenChoicesStore';
import { columnNameShown } from './columnNameShown';

interface Props {
  /** The file the configuration is for: rows half typed on it are kept with the desk. */
  datasetId: string;
  config: ManualConfig;
  columns: readonly string[];
  issues: readonly MappingIssue[];
  onChange: (config: ManualConfig) => void;
}

const TYPES: FieldType[] = ['string', 'integer', 'boolean', 'json', 'date', 'email'];

function Rows({
  entries,
  onChange,
  kept,
  onRows,
  names,
  testId,
  add,
  placeholder,
}: {
  entries: Record<string, string>;
  onChange: (entries: [string, string][]) => void;
  /** The rows kept with the desk from before (a reload): shown when they still say `entries`. */
  kept: [string, string][] | undefined;
  /** Every change of the rows on screen, half-typed ones included (kept with the desk). */
  onRows: (rows: [string, string][]) => void;
  names: [string, string];
  testId: string;
  add: string;
  placeholder: [string, string];
}) {
  // Rows are kept here while typing: a row with no name yet (or two with the same name) is not in the
  // configuration until it has one; they are kept with the desk meanwhile, so a reload does not lose them.
  const [rows, setRows] = useState<[string, string][]>(() => rowsToShow(entries, kept));
  const show = (next: [string, string][]) => {
    setRows(next);
    onRows(next);
  };
  const commit = (next: [string, string][]) => {
    show(next);
    onChange(next.filter(([k]) => k.trim() !== ''));
  };
  const set = (i: number, e: [string, string]) => commit(rows.map((x, n) => (n === i ? e : x)));
  return (
    <div className="kv-entries" data-testid={testId}>
      {rows.map(([k, v], i) => (
        <div key={i} className="kv-entry">
          <input
            aria-label={`${names[0]} ${i + 1}`}
            value={k}
            placeholder={placeholder[0]}
            onChange={(e) => set(i, [e.target.value, v])}
          />
          <span aria-hidden="true">:</span>
          <input
            aria-label={`${names[1]} ${i + 1}`}
            value={v}
            placeholder={placeholder[1]}
            onChange={(e) => set(i, [k, e.target.value])}
          />
          <button
            type="button"
            className="icon-button"
            aria-label={`Remove ${names[0].toLowerCase()} ${k || i + 1}`}
            onClick={() => commit(rows.filter((_, n) => n !== i))}
          >
            ×
          </button>
        </div>
      ))}
      <button type="button" className="small" onClick={() => show([...rows, ['', '']])}>
        {add}
      </button>
    </div>
  );
}

export function ManualConfigEditor({ datasetId, config, columns, issues, onChange }: Props) {
  const set = (patch: Partial<ManualConfig>) => onChange({ ...config, ...patch });
  const [pasted, setPasted] = useState(0); // headers pasted as text: the rows are drawn again
  const excluded = config.exclude ?? [];
  const batch = config.batch ?? null;
  const issuesOf = (field: string) => issues.filter((i) => i.field === field);
  const Issues = ({ field }: { field: string }) => (
    <>
      {issuesOf(field).map((i, n) => (
        <p
          key={n}
          className={i.level === 'error' ? 'field-error' : 'warn-text'}
          data-testid={`manual-issue-${field}`}
        >
          {i.message}
        </p>
      ))}
    </>
  );
  return (
    <section className="card manual-config" aria-labelledby="manual-title" data-testid="manual-config">
      <h2 id="manual-title">Manual configuration</h2>
      <p className="muted small">
        Any Coassemble endpoint. Each row is sent as the JSON body, one property per column; the Authorization
        header comes from the connection.
      </p>
      <div className="manual-grid">
        <label>
          Method
          <select
            data-testid="manual-method"
            value={config.method}
            onChange={(e) => set({ method: e.target.value as ManualConfig['method'] })}
          >
            <option value="POST">POST — create, generate, publish, restore…</option>
            <option value="PUT">PUT — upsert clients and users</option>
            <option value="DELETE">DELETE — delete</option>
          </select>
        </label>
        <label className="manual-url">
          URL (a path, or the full https URL: the host comes from the connection)
          <input
            data-testid="manual-url"
            spellCheck={false}
            value={config.url}
            placeholder="/api/v1/headless/course/{Course ID}/publish"
            onChange={(e) => set({ url: e.target.value })}
          />
        </label>
        <label>
          Path parameter
          <select
            aria-label="Insert a column into the URL"
            data-testid="manual-url-insert"
            value=""
            onChange={(e) => e.target.value && set({ url: `${config.url}{${e.target.value}}` })}
          >
            <option value="">+ insert {'{column}'}…</option>
            {columns.map((c) => (
              <option key={c} value={c}>
                {columnNameShown(c)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <Issues field="manual.url" />

      <fieldset>
        <legend>Request headers (optional)</legend>
        <Rows
          key={pasted}
          entries={config.headers ?? {}}
          onChange={(entries) => set({ headers: Object.fromEntries(entries) })}
          kept={manualRowsKept(datasetId, 'headers')}
          onRows={(rows) => keepManualRows(datasetId, 'headers', rows)}
          names={['Header', 'Value']}
          testId="manual-headers"
          add="+ header"
          placeholder={['X-Source', 'hr-export']}
        />
        <label className="inline-field small">
          or paste
          <input
            aria-label="Headers as header1:value1,header2:value2"
            placeholder="header1:value1,header2:value2"
            onKeyDown={(e) => {
              if (e.key !== 'Enter') return;
              e.preventDefault();
              set({
                headers: { ...config.headers, ...parseHeaderList((e.target as HTMLInputElement).value) },
              });
              (e.target as HTMLInputElement).value = '';
              setPasted((n) => n + 1);
            }}
          />
        </label>
        <Issues field="manual.headers" />
      </fieldset>

      <fieldset>
        <legend>Exclude attributes from the call</legend>
        <div className="chips" data-testid="manual-exclude">
          {excluded.map((c) => (
            <span key={c} className="chip">
              {columnNameShown(c)}{' '}
              <button
                type="button"
                className="icon-button"
                aria-label={`Send ${c} again`}
                onClick={() => set({ exclude: excluded.filter((x) => x !== c) })}
              >
                ×
              </button>
            </span>
          ))}
          <select
            aria-label="Exclude a column"
            data-testid="manual-exclude-add"
            value=""
            onChange={(e) => e.target.value && set({ exclude: [...excluded, e.target.value] })}
          >
            <option value="">+ exclude a column…</option>
            {columns
              .filter((c) => !excluded.includes(c))
              .map((c) => (
                <option key={c} value={c}>
                  {columnNameShown(c)}
                </option>
              ))}
          </select>
        </div>
        <Issues field="manual.exclude" />
        <details>
          <summary>Column types (a column without one is sent as text)</summary>
          <div className="manual-types">
            {columns
              .filter((c) => !excluded.includes(c))
              .map((c) => (
                <label key={c} className="inline-field small">
                  {columnNameShown(c)}
                  <select
                    value={config.types?.[c] ?? 'string'}
                    onChange={(e) => {
                      const { [c]: _old, ...rest } = config.types ?? {};
                      set({
                        types:
                          e.target.value === 'string' ? rest : { ...rest, [c]: e.target.value as FieldType },
                      });
                    }}
                  >
                    {TYPES.map((t) => (
                      <option key={t} value={t}>
                        {t}
                      </option>
                    ))}
                  </select>
                </label>
              ))}
          </div>
        </details>
      </fieldset>

      <fieldset>
        <legend>Record batching</legend>
        <label className="inline">
          <input
            type="checkbox"
            data-testid="manual-batch"
            checked={batch !== null}
            onChange={(e) =>
              set({
                batch: e.target.checked
                  ? { size: DEFAULT_BATCH_SIZE, grouping: { kind: 'sequential' } }
                  : null,
              })
            }
          />
          Batch records together (the body of one call is an array of records)
        </label>
        {batch && (
          <div className="manual-grid">
            <label>
              Batch size
              <input
                type="number"
                min={1}
                max={10_000}
                data-testid="manual-batch-size"
                value={batch.size}
                onChange={(e) =>
                  set({ batch: { ...batch, size: Math.max(1, Math.floor(Number(e.target.value) || 1)) } })
                }
              />
            </label>
            <label>
              Grouping
              <select
                data-testid="manual-batch-grouping"
                value={batch.grouping.kind === 'byColumn' ? batch.grouping.column : ''}
                onChange={(e) =>
                  set({
                    batch: {
                      ...batch,
                      grouping: e.target.value
                        ? { kind: 'byColumn', column: e.target.value }
                        : { kind: 'sequential' },
                    },
                  })
                }
              >
                <option value="">In file order</option>
                {columns.map((c) => (
                  <option key={c} value={c}>
                    Same value of {columnNameShown(c)}
                  </option>
                ))}
              </select>
            </label>
          </div>
        )}
        <Issues field="manual.batch" />
      </fieldset>

      <fieldset>
        <legend>Response fields to keep with each row</legend>
        <p className="muted small">
          A name, and the path into the JSON answer (e.g. <code>id</code> or <code>data.url</code>; empty for
          the whole answer, such as a signed URL). Shown in History and exports.
        </p>
        <Rows
          entries={config.capture ?? {}}
          onChange={(entries) => set({ capture: Object.fromEntries(entries) })}
          kept={manualRowsKept(datasetId, 'capture')}
          onRows={(rows) => keepManualRows(datasetId, 'capture', rows)}
          names={['Name', 'Path']}
          testId="manual-capture"
          add="+ response field"
          placeholder={['New course ID', 'id']}
        />
        <Issues field="manual.capture" />
      </fieldset>
    </section>
  );
}
