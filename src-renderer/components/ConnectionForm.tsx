// Add or edit a connection. The secret is typed once into a password field, sent to main (which puts it
// in the OS keychain) and cleared; when editing, leaving it blank keeps the stored one.
import { useState, type FormEvent } from 'react';
import type { ConnectionDto, ConnectionIdentity, Input } from '../../src-shared/contract/api';
import type { AppErrorShape } from '../../src-shared/contract/errors';
import type { ApiKind } from '../../src-shared/connectors/types';
import { ErrorMessage } from './ErrorMessage';

interface Props {
  initial: ConnectionDto | null;
  saving: boolean;
  error: AppErrorShape | null;
  onSave: (input: Input<'connections.save'>) => void;
  onCancel: () => void;
}

/**
 * Coassemble's headless API has one host (confirmed by its developer pages), so it is filled in. Coursepath
 * has none: each academy answers at its own host (academy123xxx.coursepath.com, or the vendor's own
 * domain), so the field starts empty with an example as placeholder — a guessed host would be wrong.
 */
const DEFAULT_URL: Record<ApiKind, string> = { coursepath: '', coassemble: 'https://api.coassemble.com' };
const URL_PLACEHOLDER: Record<ApiKind, string> = {
  coursepath: 'https://academy123xxx.coursepath.com',
  coassemble: 'https://api.coassemble.com',
};

/** Which secret, and where the admin finds it (README, "Connections"). */
const SECRET: Record<'coursepath' | 'workspace' | 'legacy', { label: string; where: string }> = {
  coursepath: {
    label: 'JWT SSO secret',
    where:
      'In your academy: Setup → JWT SSO, the shared JWT secret. Not your personal API key (Setup → API): the JWT is signed with the JWT SSO secret, and a personal key gives 401 on every call.',
  },
  workspace: {
    label: 'Workspace API key',
    where:
      'In Coassemble: Developer → API keys. It is issued as COASSEMBLE:<workspace id>:<key>; paste it whole or just the 64-character key.',
  },
  legacy: {
    label: 'User token (retired scheme)',
    where: 'Kept for this existing connection only.',
  },
};

export function ConnectionForm({ initial, saving, error, onSave, onCancel }: Props) {
  const id0 = initial?.identity;
  const [name, setName] = useState(initial?.name ?? '');
  const [api, setApi] = useState<ApiKind>(initial?.api ?? 'coursepath');
  const [baseUrl, setBaseUrl] = useState(initial?.baseUrl ?? DEFAULT_URL.coursepath);
  // Only a connection saved before the retirement keeps the User id + token scheme; it cannot be chosen.
  const retired = id0?.api === 'coassemble' && id0.scheme === 'legacy';
  const [email, setEmail] = useState(id0?.api === 'coursepath' ? id0.email : '');
  const scheme: 'workspace' | 'legacy' = retired ? 'legacy' : 'workspace';
  const [workspaceId, setWorkspaceId] = useState(
    id0?.api === 'coassemble' && id0.scheme === 'workspace' ? id0.workspaceId : '',
  );
  const [userId, setUserId] = useState(
    id0?.api === 'coassemble' && id0.scheme === 'legacy' ? id0.userId : '',
  );
  const [secret, setSecret] = useState('');

  const editing = initial !== null;
  // A user name and password before the host (shown masked) are not part of which LMS it is: removing them
  // keeps the secret (connectionTarget.ts reads addresses so).
  const bare = (u: string) =>
    u
      .trim()
      .replace(/\/+$/, '')
      .replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#@]*@/i, '$1');
  // The stored secret is bound to the address and account it was given for (connections.save removes it
  // when either changes without a new one), so say so before the admin saves.
  const moved =
    editing &&
    (bare(baseUrl) !== bare(initial.baseUrl) ||
      (api === 'coursepath'
        ? id0?.api !== 'coursepath' || email.trim() !== id0.email
        : id0?.api !== 'coassemble' ||
          scheme !== id0.scheme ||
          (scheme === 'workspace'
            ? id0.scheme !== 'workspace' || workspaceId.trim() !== id0.workspaceId
            : id0.scheme !== 'legacy' || userId.trim() !== id0.userId)));
  const dropsSecret = moved && initial.hasSecret && secret === '';
  const secret0 = SECRET[api === 'coursepath' ? 'coursepath' : scheme];

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const identity: ConnectionIdentity =
      api === 'coursepath'
        ? { api, email: email.trim() }
        : scheme === 'workspace'
          ? { api, scheme, workspaceId: workspaceId.trim() }
          : { api, scheme, userId: userId.trim() };
    onSave({
      ...(initial ? { id: initial.id } : {}),
      name: name.trim(),
      baseUrl: baseUrl.trim(),
      identity,
      ...(secret ? { secret } : {}),
    });
    // The secret stays in its field until the save succeeds (the form then closes): a refused save — a
    // missing name, a bad address — must not make the admin find and paste the key again.
  };

  return (
    <form
      className="card form"
      onSubmit={submit}
      aria-label={editing ? `Edit ${initial.name}` : 'New connection'}
    >
      <h2>{editing ? `Edit “${initial.name}”` : 'New connection'}</h2>
      <label>
        Name
        <input
          data-testid="conn-name"
          required
          value={name}
          onChange={(e) => setName(e.target.value)}
          placeholder="Production Coursepath"
        />
      </label>
      <fieldset>
        <legend>LMS</legend>
        {(['coursepath', 'coassemble'] as const).map((k) => (
          <label key={k} className="inline">
            <input
              type="radio"
              name="api"
              value={k}
              data-testid={`conn-api-${k}`}
              checked={api === k}
              disabled={editing}
              onChange={() => {
                setApi(k);
                if (baseUrl === '' || Object.values(DEFAULT_URL).includes(baseUrl)) setBaseUrl(DEFAULT_URL[k]);
              }}
            />
            {k === 'coursepath' ? 'Coursepath' : 'Coassemble'}
          </label>
        ))}
      </fieldset>
      <label>
        Base URL
        <input
          data-testid="conn-base-url"
          required
          type="url"
          value={baseUrl}
          placeholder={URL_PLACEHOLDER[api]}
          onChange={(e) => setBaseUrl(e.target.value)}
        />
        <span className="help" data-testid="conn-base-url-help">
          {api === 'coursepath'
            ? 'Your academy’s own address, as in your browser (e.g. https://academy123xxx.coursepath.com, or your own domain). Coursepath has no shared API host.'
            : 'Coassemble’s API address; the same for every workspace.'}
        </span>
      </label>
      {api === 'coursepath' ? (
        <label>
          Acting user’s email
          <input
            data-testid="conn-email"
            required
            type="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
          <span className="help">
            Calls are made on behalf of this Coursepath user (the JWT’s <code>email</code> claim).
          </span>
        </label>
      ) : (
        <>
          {retired && (
            <p className="warn-text" role="note" data-testid="conn-retired">
              This connection uses the retired Coassemble “User id + token” scheme (COASSEMBLE-V1-SHA256):
              keys issued today cannot use it. It is kept so its history stays readable; create a new
              connection with a workspace API key (Developer → API keys) to send again.
            </p>
          )}
          {scheme === 'workspace' ? (
            <label>
              Workspace id
              <input
                data-testid="conn-workspace-id"
                required
                inputMode="numeric"
                pattern="\d+"
                value={workspaceId}
                onChange={(e) => setWorkspaceId(e.target.value)}
              />
              <span className="help">The number in the issued key COASSEMBLE:&lt;workspace id&gt;:&lt;key&gt;.</span>
            </label>
          ) : (
            <label>
              User id
              <input data-testid="conn-user-id" readOnly value={userId} onChange={(e) => setUserId(e.target.value)} />
            </label>
          )}
        </>
      )}
      <label>
        {secret0.label}
        <input
          data-testid="conn-secret"
          type="password"
          autoComplete="new-password"
          required={!editing || !initial.hasSecret}
          value={secret}
          onChange={(e) => setSecret(e.target.value)}
          placeholder={
            editing && initial.hasSecret
              ? moved
                ? 'Enter it again for the new address'
                : 'Stored in the keychain — leave blank to keep it'
              : ''
          }
        />
        {dropsSecret ? (
          <span className="warn-text" role="status" data-testid="conn-secret-dropped">
            The address or account changed: the stored {secret0.label}{' '}
            will be removed when you save, so it is never sent to an address it was not given for. Enter it
            again, or add it later before sending.
          </span>
        ) : (
          <span className="help" data-testid="conn-secret-help">
            {secret0.where} Kept in your operating system’s keychain only; it is never shown again.
          </span>
        )}
      </label>
      <ErrorMessage error={error} testId="conn-error" />
      <div className="actions">
        <button type="submit" className="primary" data-testid="conn-save" disabled={saving}>
          {saving ? 'Saving…' : editing ? 'Save changes' : 'Add connection'}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
