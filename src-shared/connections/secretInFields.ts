// A connection's address and name are stored in SQLite and shown as typed (lists, confirmation phrases,
// History, audit exports); its secret goes to the OS keychain only. A key pasted into the address or the
// name field as well (or instead) would be kept in clear beside it: such a save is refused, naming the
// field and never repeating what it holds.
import { redact } from '../util/redact';

/** Shorter than this, a secret's text could be an ordinary word of an address or a name. */
const MIN_SECRET = 8;

const WHERE = {
  baseUrl: { label: 'base URL', what: 'an address', fix: "give the LMS's address alone" },
  name: { label: 'name', what: 'a name', fix: 'choose another name' },
} as const;

/**
 * Why the address or the name cannot be saved because it holds the connection's secret (`secrets`: the
 * one given now or stored, as typed and as kept), or text shaped like a key or token (a JWT, a Bearer
 * token, COASSEMBLE:<workspace>:<key>, 40 or more hexadecimal characters: an address shaped so is refused
 * by baseUrlProblem already, at every send too); null when neither does.
 */
export function secretInFields(
  fields: { baseUrl: string; name: string },
  secrets: readonly string[],
): { field: 'baseUrl' | 'name'; message: string } | null {
  const known = secrets.map((s) => s.trim().toLowerCase()).filter((s) => s.length >= MIN_SECRET);
  for (const field of ['baseUrl', 'name'] as const) {
    const text = fields[field];
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
