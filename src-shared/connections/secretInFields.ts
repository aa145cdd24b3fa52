// A connection's address, name and account (the Coursepath email, the Coassemble workspace id or user id)
// are stored in SQLite and shown as typed (lists, confirmation phrases, History, audit exports); its secret
// goes to the OS keychain only. A key pasted into one of those fields as well (or instead) would be kept in
// clear beside it: such a save is refused, naming the field and never repeating what it holds.
import type { ConnectionIdentity } from '../contract/dto/connections';
import { redact } from '../util/redact';

/** Shorter than this, a secret's text could be an ordinary word of an address or a name. */
const MIN_SECRET = 8;

const WHERE = {
  baseUrl: { label: 'base URL', what: 'an address', fix: "give the LMS's address alone" },
  name: { label: 'name', what: 'a name', fix: 'choose another name' },
  'identity.email': { label: 'email', what: 'an email', fix: "give the acting user's email alone" },
  'identity.workspaceId': {
    label: 'workspace id',
    what: 'a workspace id',
    fix: 'give the workspace number alone (Coassemble → Developer)',
  },
  'identity.userId': { label: 'user id', what: 'a user id', fix: 'give the user id alone' },
} as const;

export type SecretField = keyof typeof WHERE;

/** The account's field as the contract names it, and its text. */
function accountField(identity: ConnectionIdentity): [SecretField, string] {
  if (identity.api === 'coursepath') return ['identity.email', identity.email];
  return identity.scheme === 'workspace'
    ? ['identity.workspaceId', identity.workspaceId]
    : ['identity.userId', identity.userId];
}

/**
 * Why the address, the name or the account cannot be saved because it holds the connection's secret
 * (`secrets`: the one given now or stored, as typed and as kept), or text shaped like a key or token (a
 * JWT, a Bearer token, COASSEMBLE:<workspace>:<key>, 40 or more hexadecimal characters: an address shaped
 * so is refused by baseUrlProblem already, at every send too); null when none does.
 */
export function secretInFields(
  fields: { baseUrl: string; name: string; identity: ConnectionIdentity },
  secrets: readonly string[],
): { field: SecretField; message: string } | null {
  const known = secrets.map((s) => s.trim().toLowerCase()).filter((s) => s.length >= MIN_SECRET);
  const texts: [SecretField, string][] = [
    ['baseUrl', fields.baseUrl],
    ['name', fields.name],
    accountField(fields.identity),
  ];
  for (const [field, text] of texts) {
    const holds = known.some((s) => text.toLowerCase().includes(s))
      ? "the connection's secret"
      : redact(text) !== text
        ? 'what looks like a key or token'
        : null;
    if (!holds) continue;
    const w = WHERE[field];
    return {
      field,
      message:
        `${w.label}: it holds ${holds}: ${w.what} is stored and shown as it is typed, so a secret in it would ` +
        `not stay secret. ${w.fix[0]!.toUpperCase()}${w.fix.slice(1)}, and give the secret in its own field.`,
    };
  }
  return null;
}
