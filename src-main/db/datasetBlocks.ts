// The `dataset_blocks` table: each dataset's rows as one byte stream cut into blocks (rowCodec.ts says
// why and how). A block's key is its dataset's `seq` × 2³² + its number, so a dataset's blocks are one
// key range: appending fills pages in order, deleting is one range delete, and no second index is needed.
//
// Each block also says where the first row that starts in it begins (`start`, its `first_row` number and
// `first_index` position), or `start` = -1 when it lies wholly inside a row that began earlier. Both
// numbers only grow with the key, so a row is found by a binary search over the key range, then read
// from there. The runner reads rows in order, so a reader keeps its place and mostly just reads on.
import { prep } from './writeOps';
import { BLOCK_BYTES, RowDecoder, RowEncoder, encodeRow, type StoredRow, type StreamPosition } from './rowCodec';
import type { Db } from './openDb';

const SPAN = 2 ** 32;
/** The first key of a dataset's block range. */
const base = (seq: number) => seq * SPAN;

/**
 * Bumped by every write to any dataset's blocks, so a reader that kept its place notices that the
 * blocks may have moved under it (an inline fix merges blocks) and finds its row again.
 */
const generations = new WeakMap<Db, number>();
const generation = (db: Db) => generations.get(db) ?? 0;
const wrote = (db: Db) => generations.set(db, generation(db) + 1);

interface BlockHead {
  id: number;
  first_row: number;
  first_index: number;
  start: number;
  width: number;
}

/**
 * Returns a function that stores one batch of consecutive rows (rows[i] is row firstRowNumber + i) in
 * a single transaction. Batches must come in row order. Each batch starts a new block, so every row is
 * readable as soon as its batch is stored (a big file's first rows show while the rest streams in).
 */
export function blockWriter(db: Db, seq: number): (rows: string[][], firstRowNumber: number) => void {
  const insert = prep(
    db,
    'INSERT INTO dataset_blocks (id, first_row, first_index, start, width, data) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const last = prep(db, 'SELECT max(id) FROM dataset_blocks WHERE id BETWEEN ? AND ?').pluck();
  const encoder = new RowEncoder();
  let nextId = -1;
  let lastRow = 0;
  let nextIndex = 0;
  return db.transaction((rows: string[][], first: number) => {
    if (rows.length === 0) return;
    if (nextId < 0) {
      const max = last.get(base(seq), base(seq) + SPAN - 1) as number | null;
      nextId = max === null ? base(seq) : max + 1;
    }
    encoder.reset();
    const width = rows[0]!.length;
    for (let i = 0; i < rows.length; i++) {
      const rowNumber = first + i;
      encoder.add(rows[i]!, i === 0 && lastRow > 0 ? rowNumber - lastRow - 1 : 0);
    }
    const bytes = encoder.bytes();
    const starts = encoder.starts;
    let j = 0; // the next row start not yet placed in a block
    for (let at = 0; at < bytes.length; at += BLOCK_BYTES) {
      const end = Math.min(at + BLOCK_BYTES, bytes.length);
      while (j < starts.length && starts[j]! < at) j++;
      const startsHere = j < starts.length && starts[j]! < end;
      const row = startsHere ? j : j - 1;
      // better-sqlite3 copies a bound Buffer, so a view into the encoder's buffer is safe to pass.
      insert.run(nextId++, first + row, nextIndex + row, startsHere ? starts[j]! - at : -1, width, bytes.subarray(at, end));
    }
    lastRow = first + rows.length - 1;
    nextIndex += rows.length;
    wrote(db);
  });
}

/** Removes every block of a dataset. */
export function deleteBlocks(db: Db, seq: number): void {
  prep(db, 'DELETE FROM dataset_blocks WHERE id BETWEEN ? AND ?').run(base(seq), base(seq) + SPAN - 1);
  wrote(db);
}

/** A decoded row and where its bytes begin, so it can be rewritten. */
type Located = StoredRow & { gap: number; from: StreamPosition };

/** Readers read on from where they are when the wanted row is at most this many rows ahead. */
const READ_ON = 256;

/**
 * Reads a dataset's rows: by position (pages of the grid), by row number (the runner, inline fixes),
 * or in order after a row number (passes over the whole file). Keeps its place between calls, so rows
 * read in order cost one block read per block. Not for use across writes to the same dataset.
 */
export class BlockReader {
  private decoder: RowDecoder | null = null;
  /** The row read last; the decoder is right after it. */
  private current: Located | null = null;
  /** The write generation the decoder's place belongs to. */
  private seen = -1;
  private readonly lo: number;
  private readonly hi: number;

  constructor(
    private readonly db: Db,
    seq: number,
  ) {
    this.lo = base(seq);
    this.hi = base(seq) + SPAN - 1;
  }

  /** `limit` rows from position `offset` (0-based). */
  page(offset: number, limit: number): StoredRow[] {
    const near = (r: Located) => r.index <= offset && offset - r.index <= READ_ON;
    const first = this.reach(near, (b) => b.first_index < offset || (b.first_index === offset && b.start >= 0), (r) => r.index >= offset);
    return this.collect(first, limit);
  }

  /** Up to `limit` rows with numbers above `afterRowNumber`, in order. */
  after(afterRowNumber: number, limit: number): StoredRow[] {
    const t = afterRowNumber + 1;
    const near = (r: Located) => r.rowNumber <= t && t - r.rowNumber <= READ_ON;
    const first = this.reach(near, (b) => b.first_row < t || (b.first_row === t && b.start >= 0), (r) => r.rowNumber >= t);
    return this.collect(first, limit);
  }

  /** The cells of one row, or undefined when the dataset has no such row (a skipped blank row…). */
  row(rowNumber: number): string[] | undefined {
    return this.locate(rowNumber)?.cells;
  }

  /** The row with this number and where its bytes begin; undefined when absent. */
  locate(rowNumber: number): Located | undefined {
    const near = (r: Located) => r.rowNumber <= rowNumber && rowNumber - r.rowNumber <= READ_ON;
    const r = this.reach(
      near,
      (b) => b.first_row < rowNumber || (b.first_row === rowNumber && b.start >= 0),
      (x) => x.rowNumber >= rowNumber,
    );
    return r && r.rowNumber === rowNumber ? r : undefined;
  }

  /** Where the row read last ends (the next row's first byte). */
  endOfCurrent(): StreamPosition {
    return this.decoder!.position();
  }

  /**
   * The first row for which `arrived` holds: read on from the current row when it is `near`, else
   * from the last block that `before` accepts (true for a prefix of the blocks).
   */
  private reach(
    near: (r: Located) => boolean,
    before: (b: BlockHead) => boolean,
    arrived: (r: Located) => boolean,
  ): Located | null {
    if (this.seen !== generation(this.db)) {
      this.decoder = null;
      this.current = null;
      this.seen = generation(this.db);
    }
    let row = this.current && near(this.current) ? this.current : null;
    if (!row) {
      if (!this.seek(before)) return null;
      row = this.read();
    }
    while (row && !arrived(row)) row = this.read();
    return row;
  }

  private collect(first: Located | null, limit: number): StoredRow[] {
    const out: StoredRow[] = [];
    let row = first;
    while (row && out.length < limit) {
      out.push({ rowNumber: row.rowNumber, index: row.index, cells: row.cells });
      if (out.length < limit) row = this.read();
    }
    return out;
  }

  private read(): Located | null {
    if (!this.decoder) return null;
    const from = this.decoder.position();
    const row = this.decoder.next();
    this.current = row && { ...row, from };
    return this.current;
  }

  /**
   * Places the decoder at the first row starting in the last block `before` accepts (the first block
   * when it accepts none; the next block where a row starts when that one lies inside a long row).
   */
  private seek(before: (b: BlockHead) => boolean): boolean {
    this.decoder = null;
    this.current = null;
    const head = 'SELECT id, first_row, first_index, start, width FROM dataset_blocks';
    const nearest = prep(this.db, `${head} WHERE id BETWEEN ? AND ? ORDER BY id DESC LIMIT 1`);
    const top = nearest.get(this.lo, this.hi) as BlockHead | undefined;
    if (!top) return false;
    let found: BlockHead | undefined;
    let lo = this.lo;
    let hi = top.id;
    while (lo <= hi) {
      const mid = lo + Math.floor((hi - lo) / 2);
      const b = nearest.get(lo, mid) as BlockHead | undefined;
      if (!b) lo = mid + 1;
      else if (before(b)) {
        found = b;
        lo = b.id + 1;
      } else hi = b.id - 1;
    }
    if (!found || found.start < 0) {
      // No block before the target (read from the top), or one inside a long row: the next row start.
      found = prep(this.db, `${head} WHERE id BETWEEN ? AND ? AND start >= 0 ORDER BY id LIMIT 1`).get(
        found ? found.id + 1 : this.lo,
        this.hi,
      ) as BlockHead | undefined;
      if (!found) return false;
    }
    const data = prep(this.db, 'SELECT data FROM dataset_blocks WHERE id = ?').pluck().get(found.id) as Buffer;
    const following = prep(this.db, 'SELECT id, data FROM dataset_blocks WHERE id > ? AND id <= ? ORDER BY id LIMIT 1');
    this.decoder = new RowDecoder(
      { blockId: found.id, data, offset: found.start, rowNumber: found.first_row, index: found.first_index },
      found.width,
      (afterId) => (following.get(afterId, this.hi) as { id: number; data: Buffer } | undefined) ?? null,
    );
    return true;
  }
}

/**
 * Replaces one row's cells. The blocks the row spans become one block: the bytes before the row in its
 * first block, the new row, and the bytes after it in its last block (nothing else moves). That block
 * may be larger than the others; only inline fixes make such blocks. False when there is no such row.
 */
export function rewriteRow(db: Db, seq: number, rowNumber: number, cells: readonly string[]): boolean {
  const reader = new BlockReader(db, seq);
  const row = reader.locate(rowNumber);
  if (!row) return false;
  const to = reader.endOfCurrent();
  const blocks = prep(db, 'SELECT id, data FROM dataset_blocks WHERE id BETWEEN ? AND ? ORDER BY id').all(
    row.from.blockId,
    to.blockId,
  ) as { id: number; data: Buffer }[];
  const first = blocks[0]!;
  const last = blocks.at(-1)!;
  const data = Buffer.concat([
    first.data.subarray(0, row.from.offset),
    encodeRow(cells, row.gap),
    last.data.subarray(to.offset),
  ]);
  prep(db, 'UPDATE dataset_blocks SET data = ? WHERE id = ?').run(data, first.id);
  if (last.id !== first.id) prep(db, 'DELETE FROM dataset_blocks WHERE id > ? AND id <= ?').run(first.id, last.id);
  wrote(db);
  return true;
}
