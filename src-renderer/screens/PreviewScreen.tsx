import { useEffect, useState } from 'react';
import { testSendUndoSentence } from '../../src-shared/undo/undoSentence';
import { confirmationPhrase, connectionInPhrase } from '../../src-shared/runner/confirmGuard';
import { httpWords } from '../../src-shared/runner/httpWords';
import { ConfirmDialog, type ConfirmRequest } from '../components/ConfirmDialog';
import { EmptyState } from '../components/EmptyState';
import { ErrorMessage } from '../components/ErrorMessage';
import { BodyView } from '../components/BodyView';
import { FormBodyEditor } from '../components/FormBodyEditor';
import { fmtDuration, fmtInt, fmtTime, plural } from '../components/format';
import { rowRangeHeading } from '../../src-shared/util/plural';
import { CurlBox } from '../components/RequestPanel';
import { HeadersTable, RequestView, SentBodies } from '../components/RequestView';
import { HttpStatus } from '../components/StatusBadge';
import { go } from '../stores/appStore';
import { connectionsSelectors, useConnectionsStore } from '../stores/connectionsStore';
import { datasetsSelectors, useDatasetsStore } from '../stores/datasetsStore';
import { currentSpec, mappingSelectors, useMappingStore } from '../stores/mappingStore';
import { loadPreflight, usePreflightStore, verdictOf } from '../stores/preflightStore';
import { showRow } from '../stores/requestPanelStore';
import {
  closeTestCurl,
  copyTestCurl,
  liveTestCurl,
  loadPreview,
  loadTestCalls,
  loadTestRequest,
  PREVIEW_PAGE,
  previewSelectors,
  resetBodyDraft,
  setBodyDraft,
  setFormRows,
  setTestRow,
  testSend,
  usePreviewStore,
} from '../stores/previewStore';

/** Earlier test-sends of this file, kept in history: each with the request as sent and the full answer. */
function TestCalls() {
  const { testCalls, testCallsTotal, testCallsError } = usePreviewStore();
  if (testCallsError)
    return <ErrorMessage error={testCallsError} title="Could not load earlier test calls." />;
  if (testCalls.length === 0) return null;
  return (
    <section className="test-calls" aria-labelledby="test-calls-title" data-testid="test-calls">
      <h3 id="test-calls-title">
        Test calls of this file{' '}
        <span className="muted small">
          (
          {testCallsTotal > testCalls.length
            ? `latest ${testCalls.length} of ${fmtInt(testCallsTotal)}`
            : fmtInt(testCallsTotal)}
          , kept in history)
        </span>
      </h3>
      <ul>
        {testCalls.map((t) => (
          <li key={t.id} data-testid={`test-call-${t.id}`} data-row={t.rowNumber}>
            <details>
              <summary>
                <HttpStatus status={t.responseStatus} /> row {t.rowNumber} · {t.method}{' '}
                <span className="muted small">
                  {fmtTime(t.sentAt)} · {fmtDuration(t.durationMs)}
                </span>
                {t.error && <span className="error-text"> · {t.error}</span>}
              </summary>
              <p className="small">
                <code>{t.url}</code>
              </p>
              <SentBodies requestBody={t.requestBody} responseBody={t.responseBody} requestHeaders={t.requestHeaders} />
            </details>
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * The edited test body is for one test of one row, built from the mapping as it is now: it is kept while
 * the admin goes to another screen and back (as long as the mapping builds the same body), never stored —
 * restored days later it would send what the mapping no longer builds. What was sent is in Test calls.
 */
function BodyNotKept() {
  return (
    <p className="muted small" data-testid="test-send-body-kept">
      Your edits are not saved: reloading the page or restarting Bulk Desk puts back the body the mapping
      builds. What a test sent is kept in Test calls of this file below.
    </p>
  );
}

export function PreviewScreen() {
  const dataset = useDatasetsStore(datasetsSelectors.current);
  const template = useMappingStore(mappingSelectors.template);
  const mapping = useMappingStore((s) => s.mapping);
  const connectionId = useMappingStore((s) => s.connectionId);
  const connection = useConnectionsStore(connectionsSelectors.byId(connectionId));
  const connections = useConnectionsStore(connectionsSelectors.items);
  const s = usePreviewStore();
  const edited = usePreviewStore(previewSelectors.bodyEdited);
  const jsonProblem = usePreviewStore(previewSelectors.draftProblem);
  const plan = usePreflightStore((p) => p.result);
  const [confirm, setConfirm] = useState<ConfirmRequest | null>(null);
  const ready = !!dataset && dataset.state === 'ready' && !!template && !!connectionId;

  useEffect(() => {
    if (ready) {
      void loadPreview();
      void loadPreflight();
    }
  }, [ready, mapping, connectionId, template, dataset]);
  useEffect(() => {
    if (dataset) void loadTestCalls();
  }, [dataset]);

  if (!ready || !currentSpec())
    return (
      <section className="screen" aria-labelledby="preview-title">
        <h1 id="preview-title">3. Preview and test</h1>
        {!dataset ? (
          <EmptyState
            title="Import a spreadsheet first"
            action={{ label: 'Go to Import', onClick: () => go('import') }}
          />
        ) : dataset.state === 'importing' ? (
          <EmptyState
            title="Still importing"
            action={{ label: 'Watch it on Import', onClick: () => go('import') }}
          >
            {plural(dataset.rowCount, 'row')} of {dataset.fileName} {dataset.rowCount === 1 ? 'is' : 'are'}{' '}
            stored so far. The preview opens when
            the whole file is in.
          </EmptyState>
        ) : (
          <EmptyState
            title="Choose a connection and an action"
            action={{ label: 'Go to Map', onClick: () => go('map') }}
          >
            The preview shows the exact requests your mapping builds.
          </EmptyState>
        )}
      </section>
    );

  const last = Math.min(dataset.rowCount, s.offset + PREVIEW_PAGE);
  // A row that cannot be built is not sent: say so beside Send, not in an error below the fold.
  // The request shown is always the row in the Row box: another row's (the one before it was typed) is not.
  const shown = s.testRequest !== null && s.testRequest.rowNumber === s.testRow ? s.testRequest : null;
  const unbuildable = shown !== null && shown.issues.some((i) => i.level === 'error');
  const heading = s.items.length
    ? rowRangeHeading(s.items[0]!.rowNumber, s.items[s.items.length - 1]!.rowNumber, dataset.rowCount)
    : null;
  const result = s.result;
  // A destructive template asks before a test send too: it really changes the LMS.
  const sendTest = () => {
    // Named as main names it (with its host when another connection's name reads the same).
    const phrase = connection ? confirmationPhrase(template, 1, connectionInPhrase(connection, connections)) : null;
    if (!phrase || !connection) return void testSend();
    setConfirm({
      title: `Test-send row ${s.testRow} to ${connection.name}?`,
      body: (
        <p>
          A test send is real: “{template.name}” changes or removes data in <strong>{connection.name}</strong>
          {connection.isSandbox ? ' (a sandbox)' : ''}. {testSendUndoSentence(template.id).text}
        </p>
      ),
      confirmLabel: `Send row ${s.testRow}`,
      phrase,
      prefill: connection.isSandbox,
      onConfirm: (typed) => void testSend(typed),
    });
  };

  const askLiveCurl = () =>
    setConfirm({
      title: 'A cURL with a live signature?',
      body: (
        <>
          <p>
            The command will hold a <strong>working credential</strong> for <strong>{connection?.name}</strong>: a token
            signed with the academy's JWT SSO secret, valid for about two minutes and for one request.
          </p>
          <p>Anyone who sees it until then can send that request. Bulk Desk does not store it; do not paste it into tickets or chats.</p>
        </>
      ),
      confirmLabel: 'Show the live cURL',
      phrase: null,
      danger: true,
      onConfirm: () => void liveTestCurl(),
    });

  return (
    <section className="screen" aria-labelledby="preview-title">
      <header className="screen-header">
        <div>
          <h1 id="preview-title">3. Preview and test</h1>
          <p className="lede">
            Exactly what will be sent for <strong>{template.name}</strong>. Secrets are redacted here; each
            request is signed when it is sent.
          </p>
        </div>
        <button type="button" className="primary" onClick={() => go('run')} data-testid="preview-next">
          Next: run →
        </button>
      </header>

      <div className="split">
        <section className="pane" aria-labelledby="requests-title">
          <div className="pane-head">
            <h2 id="requests-title">
              {heading?.range ?? 'Requests'}{' '}
              <span className="muted small">
                ({heading?.total ?? `${plural(dataset.rowCount, 'row')} in the file`})
              </span>
            </h2>
            <div className="pager">
              <button
                type="button"
                disabled={s.offset === 0 || s.loading}
                onClick={() => void loadPreview(s.offset - PREVIEW_PAGE)}
                aria-label="Previous rows"
              >
                ← Previous
              </button>
              <button
                type="button"
                disabled={last >= dataset.rowCount || s.loading}
                onClick={() => void loadPreview(s.offset + PREVIEW_PAGE)}
                aria-label="Next rows"
              >
                Next →
              </button>
            </div>
          </div>
          <ErrorMessage error={s.error} title="Could not build the preview." />
          {s.items.map((p) => {
            const verdict = verdictOf(plan, p.rowNumber);
            return (
            <div key={p.rowNumber} className="request-wrap">
              {verdict && (
                <p className="small" data-testid={`preview-verdict-${p.rowNumber}`}>
                  Row {p.rowNumber}
                  <span className={`verdict verdict-${verdict.kind}`}>not sent by a run: {verdict.text}</span>
                </p>
              )}
              <RequestView request={p} fields={template.fields} testId={`preview-request-${p.rowNumber}`} />
              <div className="toolbar">
                <button
                  type="button"
                  className="small link"
                  data-testid={`trace-on-map-${p.rowNumber}`}
                  onClick={() => {
                    showRow(p.rowNumber);
                    go('map');
                  }}
                >
                  Where each value comes from
                </button>
                <button
                  type="button"
                  className="small"
                  onClick={() => void loadTestRequest(p.rowNumber)}
                  aria-label={`Test-send row ${p.rowNumber}`}
                >
                  Test this row
                </button>
              </div>
            </div>
            );
          })}
        </section>

        <section className="pane test-pane" aria-labelledby="test-title">
          <h2 id="test-title">Test-send one row</h2>
          <p className="muted small">
            Sends one real, signed request to <strong>{template.name.split(':')[0]}</strong> and shows the
            full response. Use the Sandbox connection to try without touching real data.
          </p>
          <form
            className="test-form"
            onSubmit={(e) => {
              e.preventDefault();
              sendTest();
            }}
          >
            <label className="inline-field">
              Row
              <input
                type="number"
                min={1}
                data-testid="test-send-row"
                value={s.testRow ?? ''}
                onChange={(e) => setTestRow(e.target.value === '' ? null : Number(e.target.value))}
                onBlur={(e) => e.target.value !== '' && void loadTestRequest(Number(e.target.value))}
                // Enter shows the row, as in Map's Row box; it does not submit the form: a real, signed
                // request leaves only when the admin presses Send row.
                onKeyDown={(e) => {
                  if (e.key !== 'Enter') return;
                  e.preventDefault();
                  if (e.currentTarget.value !== '') void loadTestRequest(Number(e.currentTarget.value));
                }}
              />
            </label>
            <button
              type="submit"
              className="primary"
              data-testid="test-send-button"
              disabled={s.sending || s.testRow === null || jsonProblem !== null || unbuildable}
              aria-describedby={unbuildable ? 'test-send-blocked' : undefined}
            >
              {s.sending ? 'Sending…' : `Send row ${s.testRow ?? ''}`}
            </button>
            {unbuildable && (
              <span className="field-error small" id="test-send-blocked" data-testid="test-send-blocked">
                Row {s.testRow} cannot be sent as it is: fix the problems listed below on Map.
              </span>
            )}
          </form>
          {!shown && s.testRow !== null && !s.testError && (
            <p className="muted small" role="status" data-testid="test-send-reading">
              Reading row {s.testRow}…
            </p>
          )}
          {shown && (
            <>
              <RequestView request={shown} fields={template.fields} hideBody testId="test-send-request" />
              {shown.body !== null && <BodyNotKept />}
              {s.bodyReplaced && (
                <p className="warn-text small" role="status" data-testid="test-send-body-replaced">
                  Your edits to row {shown.rowNumber}'s body were put back: the mapping now builds
                  another body for it.
                </p>
              )}
              {shown.body !== null && s.formRows && (
                <div className="body-editor">
                  <span>
                    Body for this test only — form fields {edited && <span className="chip">edited</span>}
                  </span>
                  <FormBodyEditor pairs={s.formRows} onChange={setFormRows} testId="test-send-form" />
                  {edited && (
                    <button type="button" className="link" onClick={resetBodyDraft}>
                      Undo my edits
                    </button>
                  )}
                </div>
              )}
              {shown.body !== null && !s.formRows && (
                <label className="body-editor">
                  Body for this test only {edited && <span className="chip">edited</span>}
                  <textarea
                    data-testid="test-send-body"
                    spellCheck={false}
                    rows={10}
                    value={s.bodyDraft}
                    aria-invalid={jsonProblem !== null}
                    aria-describedby="test-send-body-problem"
                    onChange={(e) => setBodyDraft(e.target.value)}
                  />
                  {jsonProblem && (
                    <span className="field-error" id="test-send-body-problem" data-testid="test-send-json-error">
                      {jsonProblem} — fix it before sending.
                    </span>
                  )}
                  {edited && (
                    <button type="button" className="link" onClick={resetBodyDraft}>
                      Undo my edits
                    </button>
                  )}
                </label>
              )}
              <div className="toolbar">
                {/* Not while the edited body does not parse: the reason is the one under the editor. */}
                <button
                  type="button"
                  className="small"
                  data-testid="test-copy-curl"
                  onClick={copyTestCurl}
                  disabled={!shown.url || jsonProblem !== null}
                  aria-describedby={jsonProblem ? 'test-send-body-problem' : undefined}
                >
                  Copy as cURL
                </button>
                {connection?.api === 'coursepath' && (
                  <button
                    type="button"
                    className="small link"
                    data-testid="test-live-curl"
                    disabled={!shown.url || jsonProblem !== null}
                    aria-describedby={jsonProblem ? 'test-send-body-problem' : undefined}
                    onClick={askLiveCurl}
                  >
                    With a live signature…
                  </button>
                )}
              </div>
              <ErrorMessage error={s.curlError} title="No cURL." />
              {s.curl && <CurlBox curl={s.curl} onClose={closeTestCurl} />}
            </>
          )}
          <ErrorMessage error={s.testError} title="The test was not sent." testId="test-send-error" />
          {result && (
            <div className="card response" data-testid="test-send-result" aria-live="polite">
              <p className="response-line">
                <HttpStatus status={result.status} /> <span>{httpWords(result.status)}</span> ·{' '}
                {fmtDuration(result.durationMs)} · row {result.request.rowNumber}
              </p>
              {result.error && <p className="error-text">{result.error}</p>}
              <details>
                <summary>Response headers ({Object.keys(result.responseHeaders).length})</summary>
                <HeadersTable headers={result.responseHeaders} />
              </details>
              <BodyView body={result.responseBody} empty="(empty body)" label="Response body" />
              <details>
                <summary>Request that was sent</summary>
                <RequestView request={result.request} fields={template.fields} />
              </details>
            </div>
          )}
          <TestCalls />
        </section>
      </div>
      <ConfirmDialog request={confirm} onClose={() => setConfirm(null)} />
    </section>
  );
}
