// The guard for destructive templates (peers.md §11: admins fear mass accidental changes). Over more than
// a few rows, a destructive job runs only with a typed phrase such as "DELETE 250 rows". Pure, so the
// renderer shows the same phrase that main enforces.
import type { Template } from '../connectors/types';

/** Up to this many rows a destructive template runs without typed confirmation. */
export const UNCONFIRMED_DESTRUCTIVE_ROWS = 5;

/** The phrase to type, or null when the job needs none. */
export function confirmationPhrase(
  template: Pick<Template, 'danger' | 'method'>,
  rows: number,
): string | null {
  if (template.danger !== 'destructive' || rows <= UNCONFIRMED_DESTRUCTIVE_ROWS) return null;
  return `${template.method === 'DELETE' ? 'DELETE' : 'REMOVE'} ${rows} rows`;
}

const norm = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();

export function isConfirmed(phrase: string | null, typed: string | undefined): boolean {
  return phrase === null || (typed !== undefined && norm(typed) === norm(phrase));
}
