// Migrations in order. Append only: a shipped migration is never edited, a new one is added.
import * as m0001 from './0001-initial';
import * as m0002 from './0002-runner-notes';
import * as m0003 from './0003-sync';
import * as m0004 from './0004-saved-mappings';
import * as m0005 from './0005-safety';
import * as m0006 from './0006-connection-tests';
import * as m0009 from './0009-spreadsheets';
import * as m0015 from './0015-recipes';
import type { Db } from '../openDb';

/**
 * A migration is SQL, or code for what SQL cannot do (converting rows to another encoding).
 * `foreignKeysOff`: it rebuilds a table other tables point at, so it runs with foreign keys off (SQLite's
 * own procedure for such changes); they are checked before the transaction commits.
 */
export const MIGRATIONS: readonly {
  version: number;
  name: string;
  up: string | ((db: Db) => void);
  foreignKeysOff?: boolean;
}[] = [
  { version: 1, name: 'initial', up: m0001.up },
  { version: 2, name: 'runner-notes', up: m0002.up },
  { version: 3, name: 'sync', up: m0003.up },
  { version: 4, name: 'saved-mappings', up: m0004.up },
  { version: 5, name: 'safety', up: m0005.up },
  { version: 6, name: 'connection-tests', up: m0006.up },
  // 7 and 8 were never used (numbers handed out to work that needed no migration).
  { version: 9, name: 'spreadsheets', up: m0009.up },
  // 10–14 were handed to work on other branches.
  { version: 15, name: 'recipes', up: m0015.up, foreignKeysOff: true },
];
