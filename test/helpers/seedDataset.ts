import { randomUUID } from 'node:crypto';
import { createDataset, finishDataset, rowAppender } from '../../src-main/db/datasets';
import type { Db } from '../../src-main/db/openDb';

/** Writes a dataset straight into the store (for runner tests that are not about CSV parsing). */
export function seedDataset(db: Db, columns: string[], rows: string[][]): string {
  const id = randomUUID();
  createDataset(db, { id, name: 'seeded', fileName: 'seeded.csv', importedAt: Date.now() });
  const append = rowAppender(db, id);
  for (let i = 0; i < rows.length; i += 1000) append(rows.slice(i, i + 1000), i + 2); // spreadsheet numbering: the header is row 1
  finishDataset(db, id, { columns, rowCount: rows.length, delimiter: ',', encoding: 'utf-8' });
  return id;
}

export function userRows(n: number, domain = 'example.com'): string[][] {
  return Array.from({ length: n }, (_, i) => [`learner${i + 1}@${domain}`, `First${i + 1}`, `Last${i + 1}`]);
}
