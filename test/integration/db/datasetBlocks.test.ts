// The block layout of dataset rows (src-main/db/datasetBlocks.ts, rowCodec.ts) against a plain model:
// whatever the rows (empty cells, multi-byte text, cells longer than a block, CR/CRLF, gaps in the row
// numbers), every way of reading gives back exactly what was written, and rewriting one row changes that
// row only.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BlockReader, blockWriter, deleteBlocks, rewriteRow } from '../../../src-main/db/datasetBlocks';
import { BLOCK_BYTES } from '../../../src-main/db/rowCodec';
import { useTempDb } from '../../helpers/tempDb';

const cell = fc.oneof(
  { weight: 5, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.constantFrom('', '\r\n', 'a\rb', '"q"', '000123', '12345678901234567890', '太郎') },
  { weight: 1, arbitrary: fc.integer({ min: BLOCK_BYTES - 5, max: 3 * BLOCK_BYTES }).map((n) => 'é'.repeat(n)) },
);

describe('dataset blocks', () => {
  const temp = useTempDb();

  it('reads back exactly what was written, by position, by row number and in order; rewrites one row only', () => {
    const db = temp.open(Infinity);
    let seq = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }).chain((width) =>
          fc.tuple(
            fc.constant(width),
            fc.array(fc.tuple(fc.array(cell, { minLength: width, maxLength: width }), fc.integer({ min: 0, max: 3 })), {
              minLength: 1,
              maxLength: 120,
            }),
            fc.integer({ min: 1, max: 40 }),
          ),
        ),
        ([, specs, batch]) => {
          seq += 1;
          // The model: [rowNumber, cells]; a gap > 0 means blank rows were skipped before the row.
          const model: [number, string[]][] = [];
          let n = 1;
          for (const [cells, gap] of specs) {
            n += 1 + gap;
            model.push([n, cells]);
          }
          const write = blockWriter(db, seq);
          // Batches hold consecutive rows only (as the importers give them).
          for (let i = 0; i < model.length; ) {
            let j = i + 1;
            while (j < model.length && j - i < batch && model[j]![0] === model[j - 1]![0] + 1) j++;
            write(model.slice(i, j).map(([, c]) => c), model[i]![0]);
            i = j;
          }
          const reader = new BlockReader(db, seq);
          expect(reader.page(0, model.length + 5).map((r) => [r.rowNumber, r.cells])).toEqual(model);
          const mid = Math.floor(model.length / 2);
          expect(new BlockReader(db, seq).page(mid, 3).map((r) => r.rowNumber)).toEqual(model.slice(mid, mid + 3).map(([r]) => r));
          for (const [rowNumber, cells] of [...model].reverse()) expect(reader.row(rowNumber)).toEqual(cells);
          expect(reader.row(1)).toBeUndefined();
          expect(reader.row(model.at(-1)![0] + 1)).toBeUndefined();
          const after = model[mid]![0];
          expect(new BlockReader(db, seq).after(after, 1000).map((r) => r.rowNumber)).toEqual(
            model.filter(([r]) => r > after).map(([r]) => r),
          );

          // Rewrite one row (longer, then shorter than before): only it changes.
          const [target] = model[mid]!;
          const longer = model[mid]![1].map((c, i) => (i === 0 ? c + 'x'.repeat(2 * BLOCK_BYTES) : c));
          expect(rewriteRow(db, seq, target, longer)).toBe(true);
          model[mid] = [target, longer];
          const shorter = longer.map(() => '');
          expect(rewriteRow(db, seq, target, shorter)).toBe(true);
          model[mid] = [target, shorter];
          expect(new BlockReader(db, seq).page(0, model.length + 5).map((r) => [r.rowNumber, r.cells])).toEqual(model);
          expect(rewriteRow(db, seq, 1, shorter)).toBe(false);

          deleteBlocks(db, seq);
          expect(new BlockReader(db, seq).page(0, 10)).toEqual([]);
        },
      ),
      { numRuns: 60 },
    );
    expect(db.prepare('SELECT COUNT(*) FROM dataset_blocks').pluck().get()).toBe(0);
  });
});
