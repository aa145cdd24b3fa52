// The commands that only read the data folder's database: they open it read-only, without the folder's
// lock (../services.ts, ../db/openForReading.ts), so an admin can list and export while the app — or a
// `bulk-desk run` — has the folder open. Every other command writes (a job, an import, a connection, a
// sync, a plan, a recipe kept in the database, a working mapping) and is refused while another Bulk Desk
// holds the lock, as before. (`templates list` and `templates show` open no database at all.) Each listed here is run against a database opened read-only by
// test/integration/cli/readWhileOpen.test.ts: one that wrote would fail there.
import type { Command } from './commandKit';

export const READ_ONLY_COMMANDS: ReadonlySet<string> = new Set([
  'connections list',
  'datasets list',
  'datasets show',
  'datasets rows',
  'jobs list',
  'jobs show',
  'jobs events',
  'jobs export',
  'jobs in-doubt',
  'plans list',
  'plans show',
  'sync status',
  'reports courses',
  'reports run',
  'recipes list',
  'recipes show',
  'recipes export',
  'mappings show',
  'mappings check',
]);

export const readsOnly = (c: Command) => READ_ONLY_COMMANDS.has(c.words.join(' '));
