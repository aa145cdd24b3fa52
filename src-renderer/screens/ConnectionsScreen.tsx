import { useState } from 'react';
import type { ConnectionDto, ConnectionIdentity } from '../../src-shared/contract/api';
import { connectionDeleteSummary } from '../../src-shared/connections/connectionDeletion';
import { ConfirmDialog, type ConfirmRequest } from '../components/ConfirmDialog';
import { ConnectionForm } from '../components/ConnectionForm';
import { EmptyState } from '../components/EmptyState';
import { ErrorMessage } from '../components/ErrorMessage';
import { fmtDuration, fmtTime } from '../components/format';
import {
  clearNotice,
  clearSaveError,
  type ConnectionTest,
  deleteConnection,
  planConnectionDelete,
  saveConnection,
  testConnection,
  useConnectionsStore,
} from '../stores/connectionsStore';

function TestResult({ test, c }: { test: ConnectionTest | undefined; c: ConnectionDto }) {
  const id = c.id;
  if (!test && c.lastTest) {
    // Kept from an earlier test (also before a restart).
    const t = c.lastTest;
    return (
      <p
        className={`connection-test ${t.ok ? 'ok-text' : 'error-text'}`}
        data-testid={`connection-test-result-${id}`}
        data-ok={t.ok}
      >
        {t.ok ? '✓ ' : '✗ '}
        {t.message}{' '}
        <span className="muted small">
          ({t.status === null ? 'no answer' : `HTTP ${t.status}`} · last tested {fmtTime(t.at)})
        </span>
      </p>
    );
  }
  if (!test || test.running) return null;
  if (test.error) return <ErrorMessage error={test.error} title="The test could not run." />;
  const r = test.result;
  if (!r) return null;
  return (
    <>
      <p
        className={`connection-test ${r.ok ? 'ok-text' : 'error-text'}`}
        role="status"
        data-testid={`connection-test-result-${id}`}
        data-ok={r.ok}
      >
        {r.ok ? '✓ ' : '✗ '}
        {r.message}{' '}
        <span className="muted small">
          ({r.status === null ? 'no answer' : `HTTP ${r.status}`} · {fmtDuration(r.durationMs)})
        </span>
      </p>
      {r.warning && (
        <p className="warn-text" role="alert" data-testid={`connection-test-warning-${id}`}>
          ! {r.warning}
        </p>
      )}
    </>
  );
}

/** Whether the connection can sign: a locked keychain is said as such, not as a missing secret. */
function SecretLine({ c }: { c: ConnectionDto }) {
  const text =
    c.secretState === 'stored'
      ? '✓ Secret stored in the keychain'
      : c.secretState === 'unavailable'
        ? `! ${c.secretProblem ?? 'The OS keychain cannot be read right now.'}`
        : c.secretState === 'elsewhere'
          ? `! ${c.secretProblem ?? 'The secret in the keychain was given for another address: enter this one’s.'}`
          : '! No secret stored — it needs one before it can send. Edit to add it.';
  return (
    <p
      className={c.secretState === 'stored' ? 'ok-text' : 'warn-text'}
      data-testid={`connection-secret-${c.id}`}
    >
      {text}
    </p>
  );
}

function identityText(id: ConnectionIdentity): string {
  if (id.api === 'coursepath') return `acting as ${id.email}`;
  return id.scheme === 'workspace' ? `workspace ${id.workspaceId}` : `user ${id.userId} (retired scheme)`;
}

export function ConnectionsScreen() {
  const { items, loaded, error, saving, saveError, deleteError, notice, tests } = useConnectionsStore();
  const [editing, setEditing] = useState<ConnectionDto | 'new' | null>(null);
  const [confirm, setConfirm] = useState<ConfirmRequest | null>(null);

  // Deleting removes the secret and every learner synced from that LMS: say so, and ask for the phrase.
  const askDelete = async (id: string) => {
    const plan = await planConnectionDelete(id);
    if (!plan) return;
    setConfirm({
      title: `Delete the connection “${plan.name}”?`,
      body: <p data-testid="connection-delete-summary">{connectionDeleteSummary(plan)}</p>,
      confirmLabel: 'Delete connection and synced data',
      phrase: plan.phrase,
      onConfirm: (typed) => void deleteConnection(id, typed),
    });
  };

  return (
    <section className="screen" aria-labelledby="connections-title">
      <header className="screen-header">
        <div>
          <h1 id="connections-title">Connections</h1>
          <p className="lede">
            Where requests go. The built-in Sandbox connections answer like the real LMSs, so you can try
            everything before touching production. The sandbox starts from the same sample data each time the
            app opens: what you sent it is gone then (your history of it stays).
          </p>
        </div>
        <button
          type="button"
          className="primary"
          data-testid="add-connection-button"
          onClick={() => {
            clearSaveError();
            setEditing('new');
          }}
        >
          Add connection
        </button>
      </header>
      <ErrorMessage error={error} title="Could not load connections." />
      <ErrorMessage error={deleteError} title="Could not delete." />
      {notice && (
        <div className="card connection-notice" role="status">
          <p className="warn-text" data-testid="connection-notice">
            ! {notice}
          </p>
          <button type="button" data-testid="connection-notice-dismiss" onClick={clearNotice}>
            OK
          </button>
        </div>
      )}
      <ConfirmDialog request={confirm} onClose={() => setConfirm(null)} />
      {editing && (
        <ConnectionForm
          key={editing === 'new' ? 'new' : editing.id}
          initial={editing === 'new' ? null : editing}
          saving={saving}
          error={saveError}
          onCancel={() => setEditing(null)}
          onSave={async (input) => {
            const saved = await saveConnection(input);
            if (!saved) return;
            setEditing(null);
            // A new or changed secret is tested at once, so a typo shows up now rather than mid-job.
            if (input.secret) void testConnection(saved.id);
          }}
        />
      )}
      {loaded && items.length === 0 && !error ? (
        <EmptyState title="No connections yet">
          Add your Coursepath or Coassemble API details. The Sandbox connections appear here once the app’s
          built-in sandbox is running.
        </EmptyState>
      ) : (
        <ul className="connection-list">
          {items.map((c) => (
            <li key={c.id} className="card connection" data-testid={`connection-row-${c.id}`}>
              <div className="connection-main">
                <h2>
                  {c.name} {c.isSandbox && <span className="chip">sandbox</span>}
                </h2>
                <p className="muted">
                  {c.api === 'coursepath' ? 'Coursepath' : 'Coassemble'} · <code>{c.baseUrl}</code> ·{' '}
                  {identityText(c.identity)}
                </p>
                {c.addressProblem && (
                  <p className="warn-text" role="alert" data-testid={`connection-address-${c.id}`}>
                    ! Address needs fixing: {c.addressProblem.replace(/^base URL: /, '')} Nothing is sent with
                    this connection until then: Edit it and enter the address without that.
                  </p>
                )}
                <SecretLine c={c} />
                <TestResult test={tests[c.id]} c={c} />
              </div>
              <div className="actions">
                <button
                  type="button"
                  data-testid={`connection-test-${c.id}`}
                  disabled={tests[c.id]?.running || !c.hasSecret || c.addressProblem !== null}
                  title={
                    c.api === 'coursepath'
                      ? 'Signs one “who am I” request (GET /members/me) with the stored key'
                      : 'Signs one request listing a single course with the stored key'
                  }
                  onClick={() => void testConnection(c.id)}
                >
                  {tests[c.id]?.running ? 'Testing…' : 'Test'}
                </button>
                <button
                  type="button"
                  data-testid={`connection-edit-${c.id}`}
                  // Main refuses to save a sandbox connection: a form whose Save can only refuse is no use.
                  disabled={c.isSandbox}
                  title={
                    c.isSandbox
                      ? 'The sandbox is built in: its address and key are set each time Bulk Desk starts'
                      : undefined
                  }
                  onClick={() => {
                    clearSaveError();
                    setEditing(c);
                  }}
                >
                  Edit
                </button>
                <button
                  type="button"
                  data-testid={`connection-delete-${c.id}`}
                  disabled={c.isSandbox}
                  title={c.isSandbox ? 'The sandbox is built in and always available' : undefined}
                  onClick={() => void askDelete(c.id)}
                >
                  Delete…
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
