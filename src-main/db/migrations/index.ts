// Migrations in order. Append only: a shipped migration is never edited, a new one is added.
import * as m0001 from './0001-initial';
import * as m0002 from './0002-runner-notes';
import * as m0003 from './0003-sync';
import * as m0004 from './0004-saved-mappings';
import * as m0005 from './0005-safety';
import * as m0006 from './0006-connection-tests';
import * as m0009 from './0009-spreadsheets';
import * as m0010 from './0010-working-state';
import * as m0011 from './0011-plans';
import * as m0012 from './0012-undo-audit';
import * as m0013 from './0013-job-events';
import * as m0015 from './0015-recipes';
import * as m0016 from './0016-legacy-row-keys';
import * as m0017 from './0017-sync-list-checks';
import * as m0018 from './0018-job-targets';
import * as m0019 from './0019-test-call-targets';
import * as m0020 from './0020-recipe-step-reads';
import * as m0021 from './0021-undo-links';
import * as m0022 from './0022-address-passwords';
import * as m0023 from './0023-desk-run-options';
import * as m0024 from './0024-job-templates';
import * as m0025 from './0025-desk-recipe-draft';
import * as m0026 from './0026-plan-templates';
import * as m0027 from './0027-desk-report-choice';
import * as m0028 from './0028-desk-screen-choices';
import * as m0029 from './0029-pending-secrets';
import * as m0030 from './0030-composed-row-keys';
import * as m0031 from './0031-secret-versions';
import * as m0032 from './0032-event-item-ids';
import * as m0033 from './0033-composed-request-keys';
import * as m0034 from './0034-event-row-numbers';
import * as m0035 from './0035-sends-by-time';
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
  /** Run once the transaction has committed (what cannot happen inside one: a checkpoint, a file). */
  afterCommit?: (db: Db) => void;
}[] = [
  { version: 1, name: 'initial', up: m0001.up },
  { version: 2, name: 'runner-notes', up: m0002.up },
  { version: 3, name: 'sync', up: m0003.up },
  { version: 4, name: 'saved-mappings', up: m0004.up },
  { version: 5, name: 'safety', up: m0005.up },
  { version: 6, name: 'connection-tests', up: m0006.up },
  // Numbers are handed out per branch of work; 7 and 8 went to work that needed no migration.
  { version: 9, name: 'spreadsheets', up: m0009.up },
  { version: 10, name: 'working-state', up: m0010.up },
  { version: 11, name: 'plans', up: m0011.up },
  { version: 12, name: 'undo-audit', up: m0012.up },
  { version: 13, name: 'job-events', up: m0013.up },
  // 14 went to work that needed no migration.
  { version: 15, name: 'recipes', up: m0015.up, foreignKeysOff: true },
  { version: 16, name: 'legacy-row-keys', up: m0016.up },
  { version: 17, name: 'sync-list-checks', up: m0017.up },
  { version: 18, name: 'job-targets', up: m0018.up },
  { version: 19, name: 'test-call-targets', up: m0019.up },
  { version: 20, name: 'recipe-step-reads', up: m0020.up },
  { version: 21, name: 'undo-links', up: m0021.up },
  { version: 22, name: 'address-passwords', up: m0022.up, afterCommit: m0022.afterCommit },
  { version: 23, name: 'desk-run-options', up: m0023.up },
  { version: 24, name: 'job-templates', up: m0024.up },
  { version: 25, name: 'desk-recipe-draft', up: m0025.up },
  { version: 26, name: 'plan-templates', up: m0026.up },
  { version: 27, name: 'desk-report-choice', up: m0027.up },
  { version: 28, name: 'desk-screen-choices', up: m0028.up },
  { version: 29, name: 'pending-secrets', up: m0029.up },
  { version: 30, name: 'composed-row-keys', up: m0030.up },
  { version: 31, name: 'secret-versions', up: m0031.up },
  { version: 32, name: 'event-item-ids', up: m0032.up },
  { version: 33, name: 'composed-request-keys', up: m0033.up },
  { version: 34, name: 'event-row-numbers', up: m0034.up },
  { version: 35, name: 'sends-by-time', up: m0035.up },
];
