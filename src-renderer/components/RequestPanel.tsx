// The Map screen's request builder view: the exact request of the row the admin picks, rebuilt on every
// change — method, URL, headers (the signature redacted), the body as its fields for a form (pretty JSON
// otherwise), and beside each value where it came from (cell → transforms → lookup). With record batching,
// the batched call the row goes out in. "Copy as cURL" leaves the signature as a placeholder; a live one
// is a separate, explicit action (the screen asks first).
//
// The tables are plain <table>s: a request has tens of fields at most, shown whole, never sorted or
// scrolled virtually, so a grid library would add weight and its own focus model for nothing.
import type { RequestExplainDto } from '../../src-shared/contract/api';
import type { AppErrorShape } from '../../src-shared/contract/errors';
import type { FieldTrace } from '../../src-shared/mapping/explainRow';
import { isFormType, isJsonType, parseFormBody } from '../../src-shared/mapping/formBody';
import { BodyView } from './BodyView';
import { ErrorMessage } from './ErrorMessage';
import { FieldTraceView } from './FieldTraceView';
import { prettyBody } from './format';
import { HeadersTable } from './RequestView';

export interface CurlShown {
  command: string;
  live: boolean;
  validForSeconds: number | null;
}

interface Props {
  explain: RequestExplainDto | null;
  loading: boolean;
  error: AppErrorShape | null;
  onRow: (rowNumber: number) => void;
  onCopyCurl: () => void;
  /** Absent where a live signature is never offered (Coassemble sends its key itself). */
  onLiveCurl?: () => void;
  curl: CurlShown | null;
  curlError: AppErrorShape | null;
  onCloseCurl: () => void;
}

const traceFor = (fields: readonly FieldTrace[], name: string) =>
  fields.find((f) => f.location === 'body' && (f.wireName === name || name.startsWith(`${f.wireName}[`)));

/** One value as sent, and under it where it came from. */
function SentAndTrace({ sent, trace }: { sent: string | null; trace: FieldTrace | undefined }) {
  return (
    <>
      {sent === null ? (
        <span className="muted">(not sent)</span>
      ) : sent === '' ? (
        <span className="muted">(empty)</span>
      ) : (
        <code className="value">{sent}</code>
      )}
      {trace && (
        <div className="trace-line">
          <FieldTraceView trace={trace} />
        </div>
      )}
    </>
  );
}

function TraceTable({ fields, caption, testId }: { fields: FieldTrace[]; caption: string; testId: string }) {
  if (fields.length === 0) return null;
  return (
    <table className="kv trace-table" data-testid={testId}>
      <caption>{caption}</caption>
      <tbody>
        {fields.map((f) => (
          <tr
            key={f.key}
            data-field={f.key}
            className={f.issues.some((i) => i.level === 'error') ? 'trace-row-error' : ''}
          >
            <th scope="row">
              <code>{f.wireName}</code>
            </th>
            <td>
              <SentAndTrace sent={f.sent} trace={f} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function FormBodyTable({ body, fields }: { body: string; fields: FieldTrace[] }) {
  return (
    <table className="kv form-body trace-table" data-testid="panel-form-body" aria-label="Body (form fields)">
      <caption>Body — form fields, decoded (each value, then where it came from)</caption>
      <tbody>
        {parseFormBody(body).map(([name, value], i) => {
          const t = traceFor(fields, name);
          return (
            <tr key={i} data-field={t?.key ?? name}>
              <th scope="row">
                <code>{name}</code>
              </th>
              <td>
                <SentAndTrace sent={value} trace={t} />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

export function RequestPanel({
  explain,
  loading,
  error,
  onRow,
  onCopyCurl,
  onLiveCurl,
  curl,
  curlError,
  onCloseCurl,
}: Props) {
  const r = explain?.request ?? null;
  const urlFields = explain?.fields.filter((f) => f.location !== 'body') ?? [];
  const bodyFields = explain?.fields.filter((f) => f.location === 'body') ?? [];
  const errors = r?.issues.filter((i) => i.level === 'error') ?? [];
  return (
    <aside
      className="request-panel card"
      aria-labelledby="panel-title"
      data-testid="request-panel"
      aria-busy={loading}
    >
      <div className="panel-head">
        <h2 id="panel-title">Request</h2>
        <div className="row-picker">
          <button
            type="button"
            className="small"
            aria-label="Previous row"
            disabled={!explain?.previousRow}
            onClick={() => explain?.previousRow && onRow(explain.previousRow)}
          >
            ←
          </button>
          <label className="inline-field">
            Row
            <input
              type="number"
              min={2}
              data-testid="panel-row"
              key={r?.rowNumber ?? 'none'}
              defaultValue={r?.rowNumber ?? ''}
              onKeyDown={(e) => e.key === 'Enter' && onRow(Number((e.target as HTMLInputElement).value))}
              onBlur={(e) =>
                e.target.value !== '' &&
                Number(e.target.value) !== r?.rowNumber &&
                onRow(Number(e.target.value))
              }
            />
          </label>
          <button
            type="button"
            className="small"
            aria-label="Next row"
            disabled={!explain?.nextRow}
            onClick={() => explain?.nextRow && onRow(explain.nextRow)}
          >
            →
          </button>
          <span className="muted small" role="status">
            {loading ? 'Updating…' : ''}
          </span>
        </div>
      </div>
      <ErrorMessage error={error} title="Could not build this row." testId="panel-error" />
      {r && (
        <div
          className={`panel-request${errors.length ? ' has-errors' : ''}`}
          data-testid="panel-request"
          data-row={r.rowNumber}
        >
          <p className="request-line">
            <span className={`method method-${r.method}`}>{r.method}</span>{' '}
            {r.url ? (
              <code className="url" data-testid="panel-url">
                {r.url}
              </code>
            ) : (
              <span className="muted">(no URL until the problems below are fixed)</span>
            )}
          </p>
          {r.issues.length > 0 && (
            <ul className="issues" aria-label={`Problems in row ${r.rowNumber}`} data-testid="panel-issues">
              {r.issues.map((i, n) => (
                <li key={n} className={`issue issue-${i.level}`}>
                  {i.message}
                  {i.level === 'error' ? ' — this row is not sent.' : ''}
                </li>
              ))}
            </ul>
          )}
          <TraceTable fields={urlFields} caption="URL" testId="panel-url-fields" />
          {Object.keys(r.headers).length > 0 && (
            <details className="headers" open>
              <summary>
                Headers ({Object.keys(r.headers).length}) — the signature is added when each request is sent
              </summary>
              <HeadersTable headers={r.headers} />
            </details>
          )}
          {r.body !== null && isFormType(r.headers) ? (
            <FormBodyTable body={r.body} fields={bodyFields} />
          ) : (
            <>
              {r.body !== null && (
                <>
                  <h3 className="panel-sub">Body{isJsonType(r.headers) ? ' (JSON)' : ''}</h3>
                  <BodyView body={r.body} headers={r.headers} testId="panel-body" />
                </>
              )}
              {r.url === '' && bodyFields.length === 0 ? null : (
                <TraceTable
                  fields={bodyFields}
                  caption="Where each body value comes from"
                  testId="panel-body-fields"
                />
              )}
            </>
          )}
          {explain?.batch && errors.length > 0 && (
            // A row refused by its own checks is in no batched call: say so, not "with no other row".
            <p className="panel-batch small" data-testid="panel-batch">
              Batched: this row is not sent, so it goes out in no call (the{' '}
              {errors.length === 1 ? 'problem' : 'problems'} above).
            </p>
          )}
          {explain?.batch && errors.length === 0 && (
            <details className="panel-batch" data-testid="panel-batch" open>
              <summary>
                Batched: this row goes out with{' '}
                {explain.batch.rowNumbers.length === 1
                  ? 'no other row'
                  : `rows ${explain.batch.rowNumbers[0]}–${explain.batch.rowNumbers.at(-1)} (${explain.batch.rowNumbers.length} records)`}{' '}
                in one call
              </summary>
              <p className="small">
                <span className={`method method-${explain.batch.request.method}`}>
                  {explain.batch.request.method}
                </span>{' '}
                <code className="url">{explain.batch.request.url}</code>
              </p>
              <pre className="body">{prettyBody(explain.batch.request.body)}</pre>
            </details>
          )}
          <div className="toolbar panel-actions">
            <button
              type="button"
              className="small"
              data-testid="copy-curl"
              onClick={onCopyCurl}
              disabled={!r.url}
            >
              Copy as cURL
            </button>
            {onLiveCurl && (
              <button
                type="button"
                className="small link"
                data-testid="live-curl"
                onClick={onLiveCurl}
                disabled={!r.url}
              >
                With a live signature…
              </button>
            )}
          </div>
        </div>
      )}
      <ErrorMessage error={curlError} title="No cURL." testId="curl-error" />
      {curl && <CurlBox curl={curl} onClose={onCloseCurl} />}
    </aside>
  );
}

/** The command, selectable, with a Copy button; a live one says what it holds. */
export function CurlBox({ curl, onClose }: { curl: CurlShown; onClose: () => void }) {
  return (
    <div className={`curl-box${curl.live ? ' curl-live' : ''}`} data-testid="curl-box" data-live={curl.live}>
      {curl.live ? (
        <p className="warn-text" role="alert">
          This command holds a working credential, valid for about{' '}
          {Math.round((curl.validForSeconds ?? 120) / 60)} minutes and one request. Anyone who sees it can act
          as the connection until then. It is not stored anywhere.
        </p>
      ) : (
        <p className="muted small">
          The signature is a placeholder: set BULKDESK_AUTHORIZATION to send it yourself.
        </p>
      )}
      <textarea
        readOnly
        rows={8}
        spellCheck={false}
        data-testid="curl-text"
        value={curl.command}
        onFocus={(e) => e.target.select()}
      />
      <div className="toolbar">
        <button
          type="button"
          className="small"
          onClick={() => void navigator.clipboard?.writeText(curl.command).catch(() => undefined)}
        >
          Copy to clipboard
        </button>
        <button type="button" className="small link" onClick={onClose}>
          {curl.live ? 'Close and forget it' : 'Close'}
        </button>
      </div>
    </div>
  );
}
