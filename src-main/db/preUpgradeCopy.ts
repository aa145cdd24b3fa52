// A copy of the database as it was before an upgrade (a migration run), kept beside it: the way back to
// the older Bulk Desk. Without it, an admin who tried a newer version and went back found both the file
// and its rolling backup (renewed by the newer app) "written by a newer Bulk Desk", and no file the
// older app would open. Named by the schema it holds (bulk-desk.pre-upgrade-schema-23.sqlite); only the
// latest is kept, so an upgrade costs the disk one copy at most. Made with VACUUM INTO (a consistent,
// compact copy), owner-only from the start like the database, under a temporary name renamed into place.
//
// It is a safety net, not a condition: where it cannot be made (a nearly full disk) the upgrade goes on
// and the log says so. Nor is it kept where it would hold what an upgrade takes out of the file: the
// passwords written in addresses before migration 22 masked them (secrets never stay in files).
import { closeSync, existsSync, openSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { PRIVATE_FILE_MODE } from '../services/filePermissions';
import { addressesToMask } from './migrations/0022-address-passwords';
import type { Db } from './openDb';

/** The migration that masks passwords in addresses: a file from before it may hold some. */
const MASKS_ADDRESSES = 22;

const stem = (file: string) => basename(file).replace(/\.sqlite$/, '');

/** Where the copy of `file` at schema `schema` is kept (bulk-desk.sqlite → bulk-desk.pre-upgrade-schema-N.sqlite). */
export const preUpgradePath = (file: string, schema: number) =>
  join(dirname(file), `${stem(file)}.pre-upgrade-schema-${schema}.sqlite`);

/** The copies kept beside `file`, with the schema each holds. */
function preUpgradeCopies(file: string): { path: string; schema: number }[] {
  const pattern = new RegExp(`^${stem(file).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.pre-upgrade-schema-(\\d+)\\.sqlite$`);
  let names: string[];
  try {
    names = readdirSync(dirname(file));
  } catch {
    return [];
  }
  return names.flatMap((n) => {
    const m = pattern.exec(n);
    return m ? [{ path: join(dirname(file), n), schema: Number(m[1]) }] : [];
  });
}

/** The kept copy a Bulk Desk that knows schemas up to `latest` can open, if there is one. */
export function wayBackCopy(file: string, latest: number): { path: string; schema: number } | null {
  const usable = preUpgradeCopies(file).filter((c) => c.schema <= latest);
  return usable.sort((a, b) => b.schema - a.schema)[0] ?? null;
}

/** Keeps a copy of `db` (at schema `from`) before migrations to `to` run, replacing any earlier copy. */
export function keepPreUpgradeCopy(db: Db, from: number, to: number, log: (line: string) => void): void {
  const file = db.name;
  const dest = preUpgradePath(file, from);
  if (from < MASKS_ADDRESSES && holdsPasswords(db)) {
    log(
      `no copy of ${file} from before its upgrade (schema ${from} to ${to}) is kept: it would hold the ` +
        'passwords written in connection addresses, which the upgrade masks',
    );
    return;
  }
  const tmp = `${dest}.partial`;
  try {
    rmSync(tmp, { force: true }); // a crash's leftover
    // Created owner-only before SQLite writes into it: a full copy of the data, private like the database.
    closeSync(openSync(tmp, 'wx', PRIVATE_FILE_MODE));
    db.prepare('VACUUM INTO ?').run(tmp);
    renameSync(tmp, dest);
  } catch (e) {
    rmSync(tmp, { force: true });
    log(
      `no copy of ${file} from before its upgrade (schema ${from} to ${to}) could be kept ` +
        `(${e instanceof Error ? e.message : String(e)}); upgrading without it`,
    );
    return;
  }
  for (const old of preUpgradeCopies(file)) if (old.path !== dest && existsSync(old.path)) rmSync(old.path, { force: true });
  log(
    `kept a copy of ${file} from before its upgrade (schema ${from} to ${to}) at ${dest}: ` +
      `the way back to the Bulk Desk that wrote it`,
  );
}

function holdsPasswords(db: Db): boolean {
  try {
    return addressesToMask(db).length > 0;
  } catch {
    return true; // unreadable: not copied on the chance it holds one
  }
}
