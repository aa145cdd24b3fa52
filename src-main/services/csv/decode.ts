// Byte-level half of the CSV reader: which encoding a file is in, whether it is text at all, and a
// streaming decoder that turns file chunks into text without ever holding the whole file.
//
// Detection order (first match wins):
//   1. an explicit `encoding` option (a matching BOM is still skipped);
//   2. a byte-order mark: EF BB BF → UTF-8, FF FE → UTF-16 LE, FE FF → UTF-16 BE;
//   3. UTF-16 without a BOM: in the first 8 KB, most 2-byte pairs have a zero on the same side;
//   4. otherwise "auto": UTF-8 if the bytes are valid UTF-8 (TextDecoder with fatal:true), else Latin-1.
//      A file that is plain ASCII for its first megabytes stays undecided until the first byte ≥ 0x80
//      (ASCII reads the same in both), so a Latin-1 "é" on row 80,000 is still detected correctly.
import { isAscii } from 'node:buffer';
import { TextDecoder } from 'node:util';
import { AppError } from '../../../src-shared/contract/errors';

export type CsvEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'latin1';

/** How many bytes at the start of a file are inspected for binary content. */
export const BINARY_SNIFF_BYTES = 8 * 1024;

export interface EncodingGuess {
  /** `auto` = no BOM and not UTF-16: UTF-8 or Latin-1, decided by the decoder when it sees non-ASCII. */
  encoding: CsvEncoding | 'auto';
  bomLength: number;
}

export function detectEncoding(head: Buffer, forced?: CsvEncoding): EncodingGuess {
  const bom = bomOf(head);
  if (forced) return { encoding: forced, bomLength: bom && bom.encoding === forced ? bom.length : 0 };
  if (bom) return { encoding: bom.encoding, bomLength: bom.length };
  const utf16 = guessBomlessUtf16(head.subarray(0, BINARY_SNIFF_BYTES));
  if (utf16) return { encoding: utf16, bomLength: 0 };
  return { encoding: 'auto', bomLength: 0 };
}

function bomOf(b: Buffer): { encoding: CsvEncoding; length: number } | undefined {
  if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return undefined;
}

// ASCII text saved as UTF-16 has a zero byte in (almost) every pair, always on the same side. Binary
// data has zeros too, but scattered; requiring 70% of pairs to agree keeps those out.
function guessBomlessUtf16(b: Buffer): 'utf-16le' | 'utf-16be' | undefined {
  const pairs = Math.floor(b.length / 2);
  if (pairs < 2) return undefined;
  let zeroHigh = 0;
  let zeroLow = 0;
  for (let i = 0; i + 1 < b.length; i += 2) {
    const lo = b[i]!;
    const hi = b[i + 1]!;
    if (hi === 0 && lo !== 0) zeroHigh++;
    else if (lo === 0 && hi !== 0) zeroLow++;
  }
  if (zeroHigh / pairs >= 0.7) return 'utf-16le';
  if (zeroLow / pairs >= 0.7) return 'utf-16be';
  return undefined;
}

const MAGIC: { bytes: number[]; what: string }[] = [
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: 'an Excel workbook (.xlsx) or another ZIP file' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], what: 'an old Excel workbook (.xls) or another Office file' },
  { bytes: [0x25, 0x50, 0x44, 0x46], what: 'a PDF document' },
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: 'a PNG image' },
  { bytes: [0xff, 0xd8, 0xff], what: 'a JPEG image' },
  { bytes: [0x1f, 0x8b], what: 'a gzip archive' },
];

/**
 * Throws BAD_CSV when the start of the file is not text: any NUL, or more than 1% other control
 * characters (tab, LF, CR, VT, FF and Ctrl-Z — the old DOS end-of-file mark — are fine). Checked on the
 * decoded text so UTF-16 files (whose bytes are full of zeros) pass.
 */
export function assertLooksLikeText(rawHead: Buffer, decodedHead: string): void {
  const sample = decodedHead.slice(0, BINARY_SNIFF_BYTES);
  let controls = 0;
  let nul = false;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c === 0) {
      nul = true;
      break;
    }
    if ((c < 32 && c !== 9 && c !== 10 && c !== 11 && c !== 12 && c !== 13 && c !== 26) || c === 0x7f) controls++;
  }
  if (!nul && controls <= sample.length / 100) return;
  const magic = MAGIC.find((m) => m.bytes.every((byte, i) => rawHead[i] === byte));
  const reason = magic
    ? ` It looks like ${magic.what}. Open it in a spreadsheet and save it as "CSV UTF-8".`
    : nul
      ? ' It contains NUL bytes, which never appear in text.'
      : ' It contains many control characters, which do not appear in text.';
  throw new AppError('BAD_CSV', `This file does not look like a CSV/text file.${reason}`);
}

/** Raised by the decoder when committed-UTF-8 input holds an invalid byte; the reader adds the row. */
export class InvalidUtf8Error extends Error {
  constructor(public readonly validText: string) {
    super('invalid UTF-8');
  }
}

/**
 * Streaming decoder. `decode(chunk)` returns the text for the bytes so far, keeping an incomplete
 * multi-byte character back for the next call; `end()` flushes it.
 */
export class ChunkDecoder {
  private mode: CsvEncoding | 'auto';
  private carry: Buffer = Buffer.alloc(0);
  private utf16?: TextDecoder;
  private latin1?: TextDecoder;
  private readonly utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  /** Set when auto-detection settled on Latin-1 (the reader turns it into a warning). */
  fellBackToLatin1 = false;

  constructor(encoding: CsvEncoding | 'auto') {
    this.mode = encoding;
  }

  /** The encoding to report: `auto` that never saw a non-ASCII byte is reported as UTF-8. */
  get encoding(): CsvEncoding {
    return this.mode === 'auto' ? 'utf-8' : this.mode;
  }

  decode(chunk: Buffer): string {
    return this.run(chunk, false);
  }

  end(): string {
    return this.run(Buffer.alloc(0), true);
  }

  private run(chunk: Buffer, final: boolean): string {
    switch (this.mode) {
      case 'utf-16le':
      case 'utf-16be':
        // Invalid UTF-16 (a lone surrogate) is rare and harmless: it becomes U+FFFD.
        this.utf16 ??= new TextDecoder(this.mode, { ignoreBOM: true });
        return this.utf16.decode(chunk, { stream: !final });
      case 'latin1':
        // WHATWG maps the "latin1" label to windows-1252, a superset that also decodes the € and the
        // curly quotes Excel writes on Windows; ISO-8859-1's C1 controls are never wanted in a CSV.
        this.latin1 ??= new TextDecoder('latin1');
        return this.latin1.decode(chunk, { stream: !final });
      case 'auto': {
        const bytes = this.carry.length ? Buffer.concat([this.carry, chunk]) : chunk;
        this.carry = Buffer.alloc(0);
        if (bytes.length === 0 || isAscii(bytes)) return bytes.toString('latin1');
        // A character cut off at the end of the chunk is not evidence either way: wait for the rest.
        const cut = final ? bytes.length : completeUtf8Length(bytes);
        if (cut < bytes.length && isAscii(bytes.subarray(0, cut))) {
          this.carry = Buffer.from(bytes.subarray(cut));
          return bytes.toString('latin1', 0, cut);
        }
        // First non-ASCII bytes: if everything up to the first invalid UTF-8 byte holds at least one
        // valid multi-byte character, this is UTF-8 (and a later bad byte is corruption we report);
        // if the very first non-ASCII byte is invalid UTF-8, it is Latin-1.
        const valid = validUtf8PrefixLength(bytes, final);
        if (valid === bytes.length || !isAscii(bytes.subarray(0, valid))) {
          this.mode = 'utf-8';
        } else {
          this.mode = 'latin1';
          this.fellBackToLatin1 = true;
        }
        return this.run(bytes, final);
      }
      case 'utf-8': {
        const bytes = this.carry.length ? Buffer.concat([this.carry, chunk]) : chunk;
        const cut = final ? bytes.length : completeUtf8Length(bytes);
        this.carry = Buffer.from(bytes.subarray(cut));
        const body = bytes.subarray(0, cut);
        try {
          return this.utf8.decode(body);
        } catch {
          const valid = validUtf8PrefixLength(body, true);
          throw new InvalidUtf8Error(this.utf8.decode(body.subarray(0, valid)));
        }
      }
    }
  }

}

/** Length of the prefix that ends on a character boundary (holds back a split multi-byte character). */
function completeUtf8Length(b: Buffer): number {
  const n = b.length;
  for (let back = 1; back <= 4 && back <= n; back++) {
    const byte = b[n - back]!;
    if ((byte & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead byte
    const need = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return need > back ? n - back : n;
  }
  return n;
}

/**
 * Length of the longest prefix of `b` that is valid UTF-8, found by binary search with TextDecoder
 * (fatal). With `final` false a character cut off at the very end counts as valid.
 */
function validUtf8PrefixLength(b: Buffer, final: boolean): number {
  const ok = (len: number, stream: boolean): boolean => {
    try {
      new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(b.subarray(0, len), { stream });
      return true;
    } catch {
      return false;
    }
  };
  if (ok(b.length, !final)) return b.length;
  let lo = 0; // known valid (in stream mode)
  let hi = b.length; // known invalid
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (ok(mid, true)) lo = mid;
    else hi = mid;
  }
  // `lo` may end inside a character whose continuation is what is invalid: back up to its start.
  return completeUtf8Length(b.subarray(0, lo));
}
