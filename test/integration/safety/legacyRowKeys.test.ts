// Issue 13 after an upgrade: jobs sent before the safety migration (0005) stored no row keys, so without
// a backfill their rows never counted as already sent. Real parts: a SQLite data folder, the `bulk-desk`
// bin in its own process, the real keychain and the sandbox LMS, whose ledger shows what was sent.
import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DB_FILE } from '../../../src-main/db/openChecked';
import { startSandbox, type Sandbox } from '../../../src-main/sandbox/index';
import { tempDir } from '../../helpers/tempDir';
import { addCoursepath, cli, CLI_LIMIT_MS, json, useCliWorld } from '../cli/runCli';

const memberPosts = (sb: Sandbox) =>
  sb.ledger.entries().filter((e) => e.method === 'POST' && e.path === '/api/v1/members');

/**
 * The data folder as a Bulk Desk from before the backfill leaves it: the job's items without keys (as
 * migration 0005 added the column), and the schema at 15, the last version without the backfill.
 */
function asBeforeBackfill(dataDir: string, jobId: string, edit?: (db: Database.Database) => void): void {
  const db = new Database(join(dataDir, DB_FILE));
  try {
    db.prepare('UPDATE job_items SET row_key = NULL, skip_reason = NULL WHERE job_id = ?').run(jobId);
    db.exec('DROP INDEX IF EXISTS job_items_succeeded_unkeyed; DROP TABLE IF EXISTS backfills;');
    // And what later migrations added (0017: the sync cursors' list checks; 0018: the jobs' targets; 0019:
    // the test sends' targets; 0020: recipe jobs' reads per step; 0021: undo items' links; 0023: Run's
    // options with the desk; 0024: the jobs' frozen templates; 0025: the recipe draft with the desk; 0026:
    // the plans' frozen templates; 0027: the choices on Reports with the desk; 0028: the other screens'
    // choices with the desk; 0029: the keychain writes pending; 0031: the secrets' versions; 0032: the items
    // a job event counted; 0034: the rows a job event counted; 0035: the sends' index by time), so the
    // upgrade runs them again. 0030 (row keys composed) and 0033 (request keys composed) change data only
    // and run again as they are; the backfill after them keys rows composed.
    for (const column of ['last_key', 'check_at', 'check_key', 'restarts', 'changed'])
      db.exec(`ALTER TABLE sync_cursors DROP COLUMN ${column}`);
    db.exec('ALTER TABLE jobs DROP COLUMN target_json');
    db.exec('DROP INDEX test_calls_by_row_key; ALTER TABLE test_calls DROP COLUMN target_json');
    db.exec('ALTER TABLE jobs DROP COLUMN reads_per_step');
    db.exec('DROP INDEX job_items_undoes; ALTER TABLE job_items DROP COLUMN undoes_item');
    db.exec('ALTER TABLE desk_state DROP COLUMN run_options_json');
    db.exec('ALTER TABLE jobs DROP COLUMN templates_json');
    db.exec('ALTER TABLE desk_state DROP COLUMN recipe_draft_json');
    db.exec('ALTER TABLE plans DROP COLUMN templates_json');
    db.exec('ALTER TABLE desk_state DROP COLUMN report_choice_json');
    db.exec('ALTER TABLE desk_state DROP COLUMN screen_choices_json');
    db.exec('DROP TABLE pending_secrets');
    db.exec('ALTER TABLE connections DROP COLUMN secret_version');
    db.exec('ALTER TABLE job_events DROP COLUMN item_ids_json');
    db.exec('ALTER TABLE job_events DROP COLUMN row_numbers_json');
    db.exec('DROP INDEX attempts_sends_by_time');
    db.pragma('user_version = 15');
    edit?.(db);
  } finally {
    db.close();
  }
}

describe('rows sent before row keys existed', () => {
  const w = useCliWorld();

  // Each command within CLI_LIMIT_MS; each test's timeout is its commands' limits added up.
  const limit = { timeoutMs: CLI_LIMIT_MS };

  async function world(seed: number) {
    const dir = (w.dir = tempDir());
    const sandbox = (w.sandbox = await startSandbox({ seed }));
    const D = ['--data-dir', dir.path];
    const cp = sandbox.credentials.coursepath;
    const conn = await addCoursepath(cp, dir.path, 'Acme', cp.email, limit);
    const importCsv = async (name: string, text: string) => {
      const file = join(dir.path, name);
      writeFileSync(file, text);
      return json<{ id: string }>(await cli(['import', file, '--json', ...D], limit)).id;
    };
    const run = (dataset: string, ...extra: string[]) =>
      cli(
        [
          'run',
          '--dataset',
          dataset,
          '--connection',
          conn.id,
          '--template',
          'coursepath.members.create',
          '--auto',
          ...extra,
          ...D,
        ],
        limit,
      );
    return { dir, sandbox, D, importCsv, run };
  }

  it('count as already sent after the upgrade: the dry run says so and `run` sends nothing', async () => {
    const { dir, sandbox, importCsv, run } = await world(41);
    const rows = Array.from({ length: 6 }, (_, i) => `Learner${i}@Example.com,Learner ${i}`);
    const csv = `email,name\n${rows.join('\n')}\n`;
    const dataset = await importCsv('march.csv', csv);
    const first = await run(dataset, '--canary', '0');
    expect(first.code, first.stderr).toBe(0);
    expect(memberPosts(sandbox)).toHaveLength(6);
    const jobId = first.stdout.trim();

    asBeforeBackfill(dir.path, jobId);

    // Last month's file, imported again after the upgrade.
    const again = await importCsv('march-again.csv', csv);
    const dry = await run(again, '--dry-run', '--json');
    expect(dry.code, dry.stderr).toBe(0);
    const plan = JSON.parse(dry.stdout) as { counts: Record<string, number>; uncheckedEarlier: number };
    expect(plan.counts).toMatchObject({ wouldSend: 0, alreadySent: 6 });
    expect(plan.uncheckedEarlier).toBe(0);

    const second = await run(again);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toMatch(/6 rows were already sent and will be skipped/);
    expect(second.stderr).toMatch(/Nothing to send: no job was created/);
    expect(memberPosts(sandbox)).toHaveLength(6);
  }, 180_000); // six commands

  it('a row edited since it was sent is keyed by the request that was sent', async () => {
    const { dir, sandbox, importCsv, run } = await world(42);
    const dataset = await importCsv(
      'april.csv',
      'email,name\nann@example.com,Ann\nbob@example.com,Bob\ncat@example.com,Cat\n',
    );
    const jobId = (await run(dataset, '--canary', '0')).stdout.trim();

    asBeforeBackfill(dir.path, jobId, (db) => {
      const item = (row: number) =>
        db
          .prepare('SELECT id FROM job_items WHERE job_id = ? AND row_number = ?')
          .pluck()
          .get(jobId, row) as number;
      // Row 2 was sent as ann.old@ and its cell edited since: the request sent is what counts.
      db.prepare(
        `UPDATE attempts SET request_body = replace(request_body, 'ann%40', 'ann.old%40') WHERE item_id = ?`,
      ).run(item(2));
      // Row 4 has no request to read: its dataset row, built with the job's mapping, says what it was.
      db.prepare('DELETE FROM attempts WHERE item_id = ?').run(item(4));
    });

    const again = await importCsv(
      'april-again.csv',
      'email,name\nann.old@example.com,Ann\nbob@example.com,Bob\ncat@example.com,Cat\nann@example.com,Ann\n',
    );
    const plan = json<{
      counts: Record<string, number>;
      alreadySentRows: { rowNumber: number }[];
      uncheckedEarlier: number;
    }>(await run(again, '--dry-run', '--json'));
    expect(plan.alreadySentRows.map((r) => r.rowNumber)).toEqual([2, 3, 4]);
    expect(plan.counts).toMatchObject({ wouldSend: 1, alreadySent: 3 });
    expect(plan.uncheckedEarlier).toBe(0);
    expect(memberPosts(sandbox)).toHaveLength(3);
  }, 150_000); // five commands

  it('a row neither its dataset nor its request can key is left unkeyed, and the dry run says how many', async () => {
    const { dir, importCsv, run } = await world(43);
    const dataset = await importCsv('may.csv', 'email,name\nann@example.com,Ann\nbob@example.com,Bob\n');
    const jobId = (await run(dataset, '--canary', '0')).stdout.trim();

    asBeforeBackfill(dir.path, jobId, (db) => {
      // A mapping that no longer builds (an older version's shape), and row 3's request gone.
      db.prepare(`UPDATE jobs SET mapping_json = '{"fields":{}}' WHERE id = ?`).run(jobId);
      db.prepare(
        'DELETE FROM attempts WHERE item_id = (SELECT id FROM job_items WHERE job_id = ? AND row_number = 3)',
      ).run(jobId);
    });

    const dry = await run(dataset, '--dry-run', '--json');
    const plan = json<{ counts: Record<string, number>; uncheckedEarlier: number }>(dry);
    expect(plan.counts).toMatchObject({ wouldSend: 1, alreadySent: 1 }); // row 2 keyed by its request
    expect(plan.uncheckedEarlier).toBe(1);
    const text = await run(dataset, '--dry-run');
    expect(text.code, text.stderr).toBe(0);
    expect(text.stderr).toMatch(/1 row of older jobs sent to this LMS with this template could not be checked/);
  }, 150_000); // five commands
});
