import type { RecipePreviewDto, RequestPreview } from '../../src-shared/contract/api';
import { issueText } from '../../src-shared/mapping/issueText';
import { BodyView } from './BodyView';
import { prettyBody } from './format';

interface Props {
  request: RequestPreview;
  /** The template's fields, to name each problem's field by its label, once. */
  fields?: readonly { key: string; label: string }[];
  testId?: string;
  /** Hide the body (when an editor shows it instead). */
  hideBody?: boolean;
}

/** One request exactly as it will be sent: method, URL, headers (auth redacted by main), body, issues. */
export function RequestView({ request, fields, testId, hideBody }: Props) {
  const errors = request.issues.filter((i) => i.level === 'error');
  return (
    <article
      className={`request${errors.length ? ' has-errors' : ''}`}
      data-testid={testId}
      data-row={request.rowNumber}
      aria-label={`Request for row ${request.rowNumber}`}
    >
      <header className="request-line">
        <span className="row-tag">Row {request.rowNumber}</span>
        <span className={`method method-${request.method}`}>{request.method}</span>
        {request.url ? (
          <code className="url">{request.url}</code>
        ) : (
          <span className="muted">(no URL until the fields below are fixed)</span>
        )}
      </header>
      {request.issues.length > 0 && (
        <ul className="issues" aria-label={`Problems in row ${request.rowNumber}`}>
          {request.issues.map((i, n) => {
            const t = issueText(request.rowNumber, i, fields?.find((f) => f.key === i.field)?.label);
            return (
              <li key={n} className={`issue issue-${i.level}`}>
                <strong>{t.where}:</strong> {t.message}
                {i.level === 'error' ? ' — this row will be skipped.' : ''}
              </li>
            );
          })}
        </ul>
      )}
      <details className="headers">
        <summary>Headers ({Object.keys(request.headers).length})</summary>
        <HeadersTable headers={request.headers} />
      </details>
      {!hideBody && <BodyView body={request.body} headers={request.headers} />}
    </article>
  );
}

/** Headers as a name/value table: a request's (auth redacted by main) or a response's. */
export function HeadersTable({ headers }: { headers: Record<string, string> }) {
  return (
    <table className="kv">
      <tbody>
        {Object.entries(headers).map(([k, v]) => (
          <tr key={k}>
            <th scope="row">{k}</th>
            <td>
              <code>{v}</code>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * What was sent and what came back, as kept in history (an attempt, a test call). With `requestHeaders`
 * (as stored with the attempt), a form body shows as its decoded fields (BodyView).
 */
export function SentBodies({
  requestBody,
  responseBody,
  requestHeaders,
}: {
  requestBody: string | null;
  responseBody: string | null;
  requestHeaders?: Readonly<Record<string, string>>;
}) {
  return (
    <>
      <h4>Request body</h4>
      {requestHeaders ? (
        <BodyView body={requestBody} headers={requestHeaders} empty="(none)" label="Request body" />
      ) : (
        <pre className="body">{prettyBody(requestBody) || '(none)'}</pre>
      )}
      <h4>Response</h4>
      <pre className="body">{prettyBody(responseBody) || '(none)'}</pre>
    </>
  );
}

/**
 * A recipe step's requests for one row: each fan-out item's request (with the value it is for), or why
 * the item is not sent at all.
 */
export function StepRequests({
  items,
  fields,
}: {
  items: RecipePreviewDto['steps'][number]['items'];
  /** The step's template fields, to name each problem's field by its label. */
  fields?: readonly { key: string; label: string }[];
}) {
  return items.map((it, k) =>
    it.notApplicable ? (
      <p key={k} className="muted" data-testid="step-not-applicable">
        {it.notApplicable}
      </p>
    ) : it.request ? (
      <div key={k}>
        {it.fanValue !== null && <p className="small muted">For “{it.fanValue}”:</p>}
        <RequestView request={it.request} fields={fields} />
      </div>
    ) : null,
  );
}
