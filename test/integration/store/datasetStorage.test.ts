// How much disk a dataset takes, and getting it back (issue 15): at most 1.3× its CSV's size in the
// database at any row width; deleting a dataset (refused while a job uses it) and a failed import both
// give the space back to the disk; a file cut short while it is imported fails and leaves nothing.
import { appendFileSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { databaseBytes } from '../../../src-main/db/space';
import type { Services } from '../../../src-main/services';
import { importDataset } from '../../../src-main/services/datasetImport';
import { callOk } from '../../helpers/callOk';
import { useTempServices } from '../../helpers/tempServices';
import { formatDateTime } from '../../../src-shared/util/dates';

/** A CSV of `rows` rows about `width` bytes wide (10 columns, ids and text). */
function csvOfWidth(path: string, width: number, rows: number): number {
  const cols = 10;
  const cell = Math.max(1, Math.floor(width / cols) - 1);
  const lines = [Array.from({ length: cols }, (_, i) => `col${i}`).join(',')];
  for (let r = 0; r < rows; r++) {
    const cells = Array.from({ length: cols }, (_, c) => `${r}-${c}:`.padEnd(cell, 'abcdefghij'[c]!).slice(0, cell));
    lines.push(cells.join(','));
  }
  const text = lines.join('\n') + '\n';
  writeFileSync(path, text);
  return Buffer.byteLength(text);
}

const onDisk = (s: Services, dir: string) => {
  const file = join(dir, 'bulk-desk.sqlite');
  const size = (f: string) => {
    try {
      return statSync(f).size;
    } catch {
      return 0;
    }
  };
  s.db.pragma('wal_checkpoint(TRUNCATE)');
  return size(file) + size(`${file}-wal`);
};

describe('dataset storage', () => {
  const temp = useTempServices();

  it('takes at most 1.3× the CSV at 30 B, 200 B, 1.1 KB, 2.5 KB and 4 KB rows', async () => {
    const s = await temp.open({ sandbox: false });
    const ratios: Record<number, number> = {};
    for (const width of [30, 200, 1126, 2560, 4096]) {
      const file = join(temp.dir, `w${width}.csv`);
      const bytes = csvOfWidth(file, width, Math.ceil((6 * 1024 * 1024) / width));
      const before = databaseBytes(s.db);
      await callOk(s, 'datasets.import', { source: { kind: 'path', path: file } });
      ratios[width] = (databaseBytes(s.db) - before) / bytes;
    }
    console.info(`database bytes per CSV byte: ${JSON.stringify(ratios)}`);
    for (const [width, ratio] of Object.entries(ratios)) expect(ratio, `rows of ${width} bytes: ${ratio.toFixed(3)}×`).toBeLessThanOrEqual(1.3);
  });

  it('delete gives the space back to the disk, and is refused while a job uses the dataset', async () => {
    const s = await temp.open({ sandbox: false });
    const empty = onDisk(s, temp.dir);
    const file = join(temp.dir, 'big.csv');
    const bytes = csvOfWidth(file, 1126, 8000);
    const d = await callOk(s, 'datasets.import', { source: { kind: 'path', path: file } });
    const full = onDisk(s, temp.dir);
    expect(full - empty).toBeGreaterThan(bytes * 0.9);

    s.db.prepare(
      `INSERT INTO jobs (id, template_id, template_name, connection_id, connection_name, dataset_id, file_name, mapping_json,
                         options_json, state, created_at) VALUES ('j1', 't', 'T', 'c', 'Acme', ?, 'big.csv', '{"fields":{}}', '{}', 'completed', 1)`,
    ).run(d.id);
    const refused = await s.dispatch('datasets.delete', { datasetId: d.id });
    expect(!refused.ok && refused.error).toMatchObject({
      code: 'CONFLICT',
      message:
        `big.csv is used by 1 job (j1, T, created ${formatDateTime(1)} — see History or bulk-desk jobs show j1): a job's ` +
        'history shows the rows it was made from, so the file is kept as long as the job is, and cannot be deleted.',
    });
    s.db.prepare(`DELETE FROM jobs WHERE id = 'j1'`).run();

    const r = await callOk(s, 'datasets.delete', { datasetId: d.id });
    expect(r).toMatchObject({ deleted: true, rows: 8000 });
    expect(r.freedBytes).toBeGreaterThan(bytes * 0.9);
    expect(onDisk(s, temp.dir)).toBeLessThan(empty + 64 * 1024);
    expect(await callOk(s, 'datasets.list', {})).toEqual([]);
    const again = await s.dispatch('datasets.get', { datasetId: d.id });
    expect(!again.ok && again.error.code).toBe('NOT_FOUND');
  });

  it('a file cut short while it is imported fails with that cause and leaves nothing behind, space included', async () => {
    const s = await temp.open({ sandbox: false });
    const empty = onDisk(s, temp.dir);
    const file = join(temp.dir, 'growing.csv');
    const bytes = csvOfWidth(file, 200, 200_000);
    const half = readFileSync(file).indexOf('\n', bytes / 2) + 1; // a row boundary in the middle
    let cut = false;
    const p = importDataset(s.db, file, 'growing.csv', Date.now(), {
      onStored: (progress) => {
        // After the first stored batch, the file loses its second half — cut exactly at a row boundary.
        if (cut || progress.rowCount < 1000) return;
        cut = true;
        truncateSync(file, half);
      },
    });
    await expect(p).rejects.toMatchObject({
      code: 'BAD_CSV',
      message: expect.stringMatching(/^growing\.csv: The file changed while it was being read \(it was [\d,]+ bytes when reading began and [\d,]+ bytes by the end\)/),
    });
    expect(cut).toBe(true);
    expect(s.db.prepare('SELECT COUNT(*) FROM datasets').pluck().get()).toBe(0);
    expect(s.db.prepare('SELECT COUNT(*) FROM dataset_blocks').pluck().get()).toBe(0);
    expect(onDisk(s, temp.dir)).toBeLessThan(empty + 64 * 1024);
  });

  // A copy in progress ends anywhere, mid-row included: the row it cuts is not the admin's problem, the copy is.
  const changed =
    /^(growing|shrinking)\.csv: The file changed while it was being read \(it was [\d,]+ bytes when reading began and [\d,]+ bytes by the end\)/;

  it('a file still being copied (its end mid-row) that grows while it is imported says it changed, not what the cut did to a row', async () => {
    const s = await temp.open({ sandbox: false });
    const file = join(temp.dir, 'growing.csv');
    csvOfWidth(file, 200, 200_000);
    const whole = readFileSync(file);
    const copied = whole.indexOf('\n', (whole.length * 3) / 4) + 30; // 30 bytes into a row: 2 of its 10 cells
    truncateSync(file, copied);
    let grown = false;
    const p = importDataset(s.db, file, 'growing.csv', Date.now(), {
      onStored: (progress) => {
        // The copy goes on while the first rows are stored: the rest of the file arrives.
        if (grown || progress.rowCount < 1000) return;
        grown = true;
        appendFileSync(file, whole.subarray(copied));
      },
    });
    await expect(p).rejects.toMatchObject({ code: 'BAD_CSV', message: expect.stringMatching(changed) });
    expect(grown).toBe(true);
    expect(s.db.prepare('SELECT COUNT(*) FROM datasets').pluck().get()).toBe(0);
  });

  it('a file cut mid-row while it is imported says it changed, not what the cut did to the last row', async () => {
    const s = await temp.open({ sandbox: false });
    const file = join(temp.dir, 'shrinking.csv');
    const bytes = csvOfWidth(file, 200, 200_000);
    const cutAt = readFileSync(file).indexOf('\n', bytes / 2) + 30;
    let cut = false;
    const p = importDataset(s.db, file, 'shrinking.csv', Date.now(), {
      onStored: (progress) => {
        if (cut || progress.rowCount < 1000) return;
        cut = true;
        truncateSync(file, cutAt);
      },
    });
    await expect(p).rejects.toMatchObject({ code: 'BAD_CSV', message: expect.stringMatching(changed) });
    expect(cut).toBe(true);
    expect(s.db.prepare('SELECT COUNT(*) FROM datasets').pluck().get()).toBe(0);
  });
});
