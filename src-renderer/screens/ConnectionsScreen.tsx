import { useState } from 'react';
import type { ConnectionDto, ConnectionIdentity } from '../../src-shared/contract/api';
import { ConnectionForm } from '../components/ConnectionForm';
import { EmptyState } from '../components/EmptyState';
import { ErrorMessage } from '../components/ErrorMessage';
import {
  clearSaveError,
  deleteConnection,
  saveConnection,
  useConnectionsStore,
} from '../stores/connectionsStore';

function identityText(id: ConnectionIdentity): string {
  if (id.api === 'coursepath') return `acting as ${id.email}`;
  return id.scheme === 'workspace' ? `workspace ${id.workspaceId}` : `user ${id.userId} (legacy)`;
}

export function ConnectionsScreen() {
  const { items, loaded, error, saving, saveError, deleteError } = useConnectionsStore();
  const [editing, setEditing] = useState<ConnectionDto | 'new' | null>(null);
  const [confirmDelete, setConfirmDelete] = useState<string | null>(null);

  return (
    <section className="screen" aria-labelledby="connections-title">
      <header className="screen-header">
        <div>
          <h1 id="connections-title">Connections</h1>
          <p className="lede">
            Where requests go. The built-in Sandbox connections answer like the real LMSs, so you can try
            everything before touching production.
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
      {editing && (
        <ConnectionForm
          key={editing === 'new' ? 'new' : editing.id}
          initial={editing === 'new' ? null : editing}
          saving={saving}
          error={saveError}
          onCancel={() => setEditing(null)}
          onSave={async (input) => {
            if (await saveConnection(input)) setEditing(null);
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
                <p className={c.hasSecret ? 'ok-text' : 'warn-text'}>
                  {c.hasSecret ? '✓ Secret stored in the keychain' : '! No secret stored — edit to add one'}
                </p>
              </div>
              <div className="actions">
                <button
                  type="button"
                  data-testid={`connection-edit-${c.id}`}
                  onClick={() => {
                    clearSaveError();
                    setEditing(c);
                  }}
                >
                  Edit
                </button>
                {confirmDelete === c.id ? (
                  <>
                    <button
                      type="button"
                      className="danger"
                      data-testid={`connection-delete-confirm-${c.id}`}
                      onClick={() => {
                        setConfirmDelete(null);
                        void deleteConnection(c.id);
                      }}
                    >
                      Delete “{c.name}”
                    </button>
                    <button type="button" onClick={() => setConfirmDelete(null)}>
                      Keep
                    </button>
                  </>
                ) : (
                  <button
                    type="button"
                    data-testid={`connection-delete-${c.id}`}
                    disabled={c.isSandbox}
                    title={c.isSandbox ? 'The sandbox is built in and always available' : undefined}
                    onClick={() => setConfirmDelete(c.id)}
                  >
                    Delete
                  </button>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
