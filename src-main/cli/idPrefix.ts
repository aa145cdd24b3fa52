// A job, dataset, plan or connection named on the command line by the first characters of its id, as the app and
// the CLI's messages show a job ("Job 455536eb", "already sent by job ab242269") and as an admin copies a
// dataset's id from `import`: taken back to the full id when exactly one record starts with them, as git
// takes a short commit hash. Several: wrong usage, naming them.
import type { Db } from '../db/openDb';
import { listConnections } from '../db/connections';
import { samePhraseName } from '../../src-shared/runner/confirmGuard';
import { idExists, idsStartingWith, type IdKind } from '../db/idsStartingWith';
import { UsageError } from './io';
import { MIN_ID_PREFIX } from './idWords';

/** The full id of the `kind` that `given` names, or `given` itself when it names none (the command says so). */
export function resolveIdPrefix(db: Db, kind: IdKind, given: string): string {
  if (given.length < MIN_ID_PREFIX || idExists(db, kind, given)) return given;
  const ids = idsStartingWith(db, kind, given.toLowerCase(), 6);
  if (ids.length === 1) return ids[0]!;
  if (ids.length > 1)
    throw new UsageError(
      `"${given}" starts the ids of ${ids.length > 5 ? 'more than 5' : ids.length} ${kind}s (${ids.slice(0, 5).join(', ')}): give more of the id (see: bulk-desk ${kind}s list)`,
    );
  return given;
}

/**
 * The connection an admin names by its name ("Acme Academy", or typed as a phrase takes it: "acme academy"),
 * where `given` is no connection's id: names are unique as a confirmation phrase reads them (case, spacing
 * and punctuation aside; handlers/connections.ts), so a name names one. Tried before the start of an id,
 * which a name such as "face" could also be. A database from before names were unique may hold two that
 * read the same: wrong usage, naming them. `given` itself when no name matches (the command says so).
 */
export function resolveConnectionName(db: Db, given: string): string {
  if (idExists(db, 'connection', given)) return given;
  const named = listConnections(db).filter((c) => samePhraseName(c.name, given));
  if (named.length === 1) return named[0]!.id;
  if (named.length > 1)
    throw new UsageError(
      `"${given}" is the name of ${named.length} connections (${named.map((c) => c.id).join(', ')}): give its id (see: bulk-desk connections list)`,
    );
  return given;
}

/** Whether `id` (a full id, or what was given when it named none) names no record of `kind`. */
export const namesNothing = (db: Db, kind: IdKind, id: string): boolean => !idExists(db, kind, id);
