// How a dataset's rows are laid out on disk (see datasetBlocks.ts for the table). A dataset is one byte
// stream: its rows one after another, each cell as its UTF-8 length (a varint) and its bytes. The stream
// is cut into blocks of BLOCK_BYTES, and a row may continue from one block into the next.
//
// Why not one record per row (the first schema kept `cells_json` per row): SQLite stores a record whole
// on a 4 KiB page unless it overflows, so rows just over a third, a half or a whole page wide leave the
// rest of their page empty, and the JSON plus the per-row key cost ~50 bytes more. Rows of 1.1 KB took
// 4× their CSV's size. Equal blocks sized so that four fill a page leave at most a few percent empty at
// any row width, and a varint length costs what a CSV's delimiter does.
//
//   row   := cell₀ cell₁ … cell₍width−1₎
//   cell₀ := varint(byteLength × 2 + hasGap) [varint(gap) when hasGap] bytes
//   cellᵢ := varint(byteLength) bytes
//
// `gap` counts the blank rows skipped before this row (row numbers follow the spreadsheet, and blank
// rows are not stored); the width is stored with each block.

/**
 * Payload bytes per block. Four blocks and their record overhead (key, header, a few integers: under
 * 40 bytes) fit a 4,096-byte page exactly, so pages are full whatever the rows look like.
 */
export const BLOCK_BYTES = 980;

/** A row as decoded, with where it is in the dataset. */
export interface StoredRow {
  rowNumber: number;
  /** 0-based position among the dataset's rows (what the grid pages by). */
  index: number;
  cells: string[];
}

/** Appends encoded rows to a growable buffer; `starts` holds where each row begins. */
export class RowEncoder {
  buf: Buffer = Buffer.allocUnsafe(64 * 1024);
  length = 0;
  starts: number[] = [];

  reset(): void {
    this.length = 0;
    this.starts = [];
  }

  /** `gap`: blank rows skipped since the previous row (0 when consecutive). */
  add(cells: readonly string[], gap: number): void {
    this.starts.push(this.length);
    for (let i = 0; i < cells.length; i++) {
      const cell = cells[i]!;
      const bytes = Buffer.byteLength(cell, 'utf8');
      this.ensure(bytes + 20);
      if (i === 0) {
        this.varint(bytes * 2 + (gap > 0 ? 1 : 0));
        if (gap > 0) this.varint(gap);
      } else {
        this.varint(bytes);
      }
      if (bytes) this.length += this.buf.write(cell, this.length, bytes, 'utf8');
    }
  }

  /** The encoded bytes (a view: valid until the next add or reset). */
  bytes(): Buffer {
    return this.buf.subarray(0, this.length);
  }

  private varint(n: number): void {
    while (n >= 0x80) {
      this.buf[this.length++] = (n % 0x80) | 0x80;
      n = Math.floor(n / 0x80);
    }
    this.buf[this.length++] = n;
  }

  private ensure(extra: number): void {
    if (this.length + extra <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.length + extra));
    this.buf.copy(next, 0, 0, this.length);
    this.buf = next;
  }
}

/** One row encoded on its own (an inline fix rewrites a single row). */
export function encodeRow(cells: readonly string[], gap: number): Buffer {
  const e = new RowEncoder();
  e.add(cells, gap);
  return Buffer.from(e.bytes());
}

/** Where a decoder is in the stream: a block and a byte offset inside it. */
export interface StreamPosition {
  blockId: number;
  offset: number;
}

/** The blocks after a given one, in order (null at the end of the dataset). */
export type NextBlock = (afterId: number) => { id: number; data: Buffer } | null;

/**
 * Reads rows from a position in the stream onwards, pulling the following blocks as a row crosses into
 * them. `rowNumber`/`index` are those of the row that starts at the position.
 */
export class RowDecoder {
  private block: Buffer;
  private blockId: number;
  private pos: number;
  private nextNumber: number;
  private nextIndex: number;
  private first = true;

  constructor(
    start: { blockId: number; data: Buffer; offset: number; rowNumber: number; index: number },
    private readonly width: number,
    private readonly nextBlock: NextBlock,
  ) {
    this.block = start.data;
    this.blockId = start.blockId;
    this.pos = start.offset;
    this.nextNumber = start.rowNumber;
    this.nextIndex = start.index;
  }

  /** The position of the next row's first byte. */
  position(): StreamPosition {
    return { blockId: this.blockId, offset: this.pos };
  }

  /** The next row, or null at the end of the dataset. `gap` is what the row was encoded with. */
  next(): (StoredRow & { gap: number }) | null {
    if (!this.more()) return null;
    const cells = new Array<string>(this.width);
    let gap = 0;
    for (let i = 0; i < this.width; i++) {
      let len = this.varint();
      if (i === 0) {
        if (len % 2 === 1) gap = this.varint();
        len = Math.floor(len / 2);
      }
      cells[i] = this.text(len);
    }
    // The first row's number comes from the block it was found through; later ones count on from it.
    if (!this.first) this.nextNumber += gap;
    this.first = false;
    const row = { rowNumber: this.nextNumber, index: this.nextIndex, cells, gap };
    this.nextNumber += 1;
    this.nextIndex += 1;
    return row;
  }

  /** Whether another byte follows (pulling the next block when this one is used up). */
  private more(): boolean {
    while (this.pos >= this.block.length) {
      const b = this.nextBlock(this.blockId);
      if (!b) return false;
      this.block = b.data;
      this.blockId = b.id;
      this.pos = 0;
    }
    return true;
  }

  private byte(): number {
    if (!this.more()) throw new Error('dataset rows end in the middle of a row');
    return this.block[this.pos++]!;
  }

  private varint(): number {
    let n = 0;
    let scale = 1;
    for (;;) {
      const b = this.byte();
      n += (b & 0x7f) * scale;
      if (b < 0x80) return n;
      scale *= 0x80;
    }
  }

  private text(len: number): string {
    if (len === 0) return '';
    if (this.pos + len <= this.block.length) {
      const s = this.block.toString('utf8', this.pos, this.pos + len);
      this.pos += len;
      return s;
    }
    // The cell continues in the next block(s): gather its bytes, then decode (a character may be split).
    const parts: Buffer[] = [];
    let need = len;
    while (need > 0) {
      if (!this.more()) throw new Error('dataset rows end in the middle of a cell');
      const take = Math.min(need, this.block.length - this.pos);
      parts.push(this.block.subarray(this.pos, this.pos + take));
      this.pos += take;
      need -= take;
    }
    return Buffer.concat(parts).toString('utf8');
  }
}
