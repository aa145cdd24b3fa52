// A data folder written by an older Bulk Desk (schema 5, made here from the shipped migrations) opened by
// this one: every saved row, job and outcome is still there afterwards, and the open says what it did —
// which file went from which schema to which, in the app's log (the CLI's --verbose) — once, not at every
// start after.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../../src-main/db/migrations/index';
import { openDb } from '../../../src-main/db/openDb';
import { tempDir } from '../../helpers/tempDir';
import { cli } from '../cli/runCli';

const LATEST = MIGRATIONS.at(-1)!.version;

describe('a database from an older version', () => {
  let dir: ReturnType<typeof tempDir> | null = null;
  afterEach(() => {
    dir?.remove();
    dir = null;
  });

  it('keeps what was saved and says it was upgraded, from which schema to which', async () => {
    dir = tempDir();
    const file = join(dir.path, 'bulk-desk.sqlite');
    const old = openDb(file, 5);
    old.exec(`
      INSERT INTO datasets (id, name, file_name, columns_json, row_count, delimiter, encoding, state, imported_at)
        VALUES ('d1aaaaaa', 'staff', 'staff.csv', '["email","name"]', 2, ',', 'utf-8', 'ready', 10);
      INSERT INTO jobs (id, template_id, template_name, connection_id, connection_name, dataset_id, file_name,
                        mapping_json, options_json, state, created_at)
        VALUES ('j1aaaaaa', 'coursepath.members.create', 'Coursepath: create member', 'c', 'Acme', 'd1aaaaaa',
                'staff.csv', '{"fields":{}}', '{}', 'completed', 1);
      INSERT INTO job_items (job_id, row_number, status, updated_at) VALUES ('j1aaaaaa', 2, 'succeeded', 1), ('j1aaaaaa', 3, 'failed', 1);
      INSERT INTO dataset_rows (dataset_id, row_number, cells_json) VALUES
        ('d1aaaaaa', 2, '["ann@example.com","Ann Lee"]'), ('d1aaaaaa', 3, '["bo@example.com","Bo, \\"Jr\\""]');
    `);
    old.close();

    const first = await cli(['jobs', 'list', '--verbose', '--data-dir', dir.path]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain(`database ${file} upgraded from schema 5 to ${LATEST}`);
    expect(first.stdout).toMatch(/j1aaaaaa\s+completed\s+coursepath\.members\.create\s+Acme\s+staff\.csv\s+1\/2\s+1/);

    const rows = await cli(['datasets', 'rows', 'd1aaaaaa', '--format', 'json', '--verbose', '--data-dir', dir.path]);
    expect(rows.code, rows.stderr).toBe(0);
    expect(rows.stderr).not.toContain('upgraded'); // once
    expect(JSON.parse(rows.stdout)).toEqual({
      id: 'd1aaaaaa',
      columns: ['email', 'name'],
      rows: [
        { rowNumber: 2, cells: ['ann@example.com', 'Ann Lee'] },
        { rowNumber: 3, cells: ['bo@example.com', 'Bo, "Jr"'] },
      ],
    });
  }, 60_000);
});
