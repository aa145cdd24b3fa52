// Byte-level half of the CSV reader: which encoding a file is in, whether it is text at all, and a
// streaming decoder that turns file chunks into text without ever holding the whole file.
//
// Detection order (first match wins):
//   1. an encoding the admin chose (a matching BOM is still skipped);
//   2. a byte-order mark: EF BB BF → UTF-8, FF FE → UTF-16 LE, FE FF → UTF-16 BE;
//   3. UTF-16 without a BOM: in the first 8 KB, most 2-byte pairs have a zero on the same side, or (text
//      that is mostly CJK or another script with little ASCII) its line breaks are whole UTF-16 characters
//      (src-shared/dataset/bomlessUtf16.ts);
//   4. otherwise "auto": UTF-8 if the bytes are valid UTF-8 (TextDecoder with fatal:true), else the
//      legacy encoding guessEncoding.ts picks (Shift_JIS, GB18030, Big5, EUC-KR, Windows-125x…), with
//      its confidence. A file that is plain ASCII for its first megabytes stays undecided until the first
//      byte ≥ 0x80 (ASCII reads the same in all of them), so an "é" on row 80,000 is still judged on its
//      own bytes.
// Decoding is Node's ICU (TextDecoder), so every encoding it knows can be read.
import { isAscii } from 'node:buffer';
import { AppError } from '../../../src-shared/contract/errors';
import { guessBomlessUtf16 } from '../../../src-shared/dataset/bomlessUtf16';
import { canonicalEncoding, guessLegacyEncoding, type EncodingGuess } from './guessEncoding';

/** A WHATWG encoding name as TextDecoder reports it: utf-8, utf-16le, shift_jis, windows-1252… */
export type CsvEncoding = string;

/** How many bytes at the start of a file are inspected for binary content. */
export const BINARY_SNIFF_BYTES = 8 * 1024;

export interface EncodingStart {
  /** `auto` = no BOM and not UTF-16: UTF-8 or a legacy encoding, decided when non-ASCII bytes appear. */
  encoding: CsvEncoding | 'auto';
  bomLength: number;
  /** 0–100 when detected; null when chosen by the admin (or still `auto`). */
  confidence: number | null;
  /** A UTF-8 byte-order mark skipped under the legacy encoding the admin chose (worth a warning). */
  overruledBom?: boolean;
}

/**
 * The canonical name of an encoding the admin typed or picked; INVALID_INPUT naming some examples when
 * Node cannot decode it.
 */
export function encodingOption(label: string): CsvEncoding {
  const name = canonicalEncoding(label);
  if (!name || name === 'replacement') {
    throw new AppError(
      'INVALID_INPUT',
      `Unknown encoding "${label}". Use a name such as utf-8, utf-16le, windows-1252 (Western, "Latin-1"), ` +
        'windows-1251, iso-8859-2, shift_jis, euc-jp, gb18030, big5 or euc-kr.',
      { field: 'encoding' },
    );
  }
  return name;
}

/**
 * An encoding the admin chose is used, but not against a byte-order mark that says otherwise: the mark of
 * UTF-16, or UTF-16 chosen under another mark, would be read as NUL bytes or CJK characters, so that is
 * refused (INVALID_INPUT, field `encoding`), naming both. A UTF-8 mark under a legacy encoding is a broken
 * exporter's (a BOM, then Windows-1252 text): the choice is read, the mark skipped (`overruledBom`).
 */
export function detectEncoding(head: Buffer, forced?: CsvEncoding): EncodingStart {
  const bom = bomOf(head);
  if (forced && bom && bom.encoding !== forced) {
    if (bom.encoding === 'utf-8' && !forced.startsWith('utf-16')) {
      return { encoding: forced, bomLength: bom.length, confidence: null, overruledBom: true };
    }
    throw new AppError(
      'INVALID_INPUT',
      `The file starts with the byte-order mark of ${encodingName(bom.encoding)} text, but ` +
        `${encodingName(forced)} was chosen as its encoding. Import it again choosing ` +
        `${encodingName(bom.encoding)}, or no encoding (a byte-order mark is recognised).`,
      { field: 'encoding' },
    );
  }
  if (forced) return { encoding: forced, bomLength: bom ? bom.length : 0, confidence: null };
  if (bom) return { encoding: bom.encoding, bomLength: bom.length, confidence: 100 };
  const utf16 = guessBomlessUtf16(head.subarray(0, BINARY_SNIFF_BYTES));
  if (utf16) return { encoding: utf16.encoding, bomLength: 0, confidence: utf16.confidence };
  return { encoding: 'auto', bomLength: 0, confidence: null };
}

/**
 * Throws BAD_CSV when the file is UTF-32, which Node's decoders do not have: its byte-order mark
 * (FF FE 00 00, which would otherwise read as UTF-16 LE's FF FE, or 00 00 FE FF), or without one, when
 * `sniff` (the admin did not choose an encoding) and every 4-byte unit of the start is a character that
 * is not NUL, with line breaks or delimiters among them. Read as anything else, it is "full of NUL bytes".
 */
export function assertNotUtf32(head: Buffer, sniff: boolean): void {
  let order: 'little' | 'big' | null = null;
  if (head.length >= 4 && head[0] === 0xff && head[1] === 0xfe && head[2] === 0 && head[3] === 0) order = 'little';
  else if (head.length >= 4 && head[0] === 0 && head[1] === 0 && head[2] === 0xfe && head[3] === 0xff) order = 'big';
  else if (sniff) order = looksLikeUtf32(head.subarray(0, BINARY_SNIFF_BYTES));
  if (!order) return;
  throw new AppError(
    'BAD_CSV',
    `This file is UTF-32 text (${order}-endian), which Bulk Desk does not read. Save it as UTF-8 and import ` +
      'that: in Excel, Save As › "CSV UTF-8"; in a text editor, choose the UTF-8 encoding when saving.',
  );
}

function looksLikeUtf32(b: Buffer): 'little' | 'big' | null {
  const units = Math.floor(b.length / 4);
  if (units < 2) return null;
  for (const order of ['little', 'big'] as const) {
    let separators = 0;
    let controls = 0;
    let i = 0;
    for (; i < units; i++) {
      const c = order === 'little' ? b.readUInt32LE(i * 4) : b.readUInt32BE(i * 4);
      if (c === 0 || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff)) break;
      if (c === 10 || c === 13 || c === 44 || c === 59 || c === 9 || c === 124) separators++;
      else if (c < 32 || c === 0x7f) controls++;
    }
    if (i === units && separators > 0 && controls <= units / 100) return order;
  }
  return null;
}

/** How an encoding is named in messages: its usual spelling. */
export function encodingName(encoding: string): string {
  const names: Record<string, string> = {
    'utf-8': 'UTF-8',
    'utf-16le': 'UTF-16 LE',
    'utf-16be': 'UTF-16 BE',
    shift_jis: 'Shift_JIS',
    'euc-jp': 'EUC-JP',
    'iso-2022-jp': 'ISO-2022-JP',
    gb18030: 'GB18030',
    gbk: 'GBK',
    big5: 'Big5',
    'euc-kr': 'EUC-KR',
    'koi8-r': 'KOI8-R',
    'koi8-u': 'KOI8-U',
  };
  if (names[encoding]) return names[encoding];
  if (encoding.startsWith('windows-')) return `Windows-${encoding.slice(8)}`;
  if (encoding.startsWith('iso-')) return encoding.toUpperCase();
  return encoding;
}

function bomOf(b: Buffer): { encoding: CsvEncoding; length: number } | undefined {
  if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return undefined;
}

const MAGIC: { bytes: number[]; what: string }[] = [
  { bytes: [0x25, 0x50, 0x44, 0x46, 0x2d], what: 'a PDF document' },
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: 'a ZIP archive' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], what: 'an Office document' },
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: 'a PNG image' },
  { bytes: [0xff, 0xd8, 0xff], what: 'a JPEG image' },
  { bytes: [0x47, 0x49, 0x46, 0x38], what: 'a GIF image' },
  { bytes: [0x1f, 0x8b], what: 'a gzip archive' },
  { bytes: [0x7b, 0x5c, 0x72, 0x74, 0x66], what: 'a Word (RTF) document' },
];

/**
 * Throws BAD_CSV when the file is not text: it starts like a known binary format (a PDF's "%PDF-" even
 * when the rest of its first page happens to be text), or its start has more than 1% control characters
 * other than NUL (tab, LF, CR, VT, FF and Ctrl-Z — the old DOS end-of-file mark — are fine), said as "NUL
 * bytes" when it has those too. A NUL in a start that is otherwise text is left to the reader, which names
 * its row and column (TableBuilder.checkNul), as it does for one further on.
 * Checked on the decoded text so UTF-16 files (whose bytes are full of zeros) pass.
 */
export function assertLooksLikeText(rawHead: Buffer, decodedHead: string): void {
  const magic = MAGIC.find((m) => m.bytes.every((byte, i) => rawHead[i] === byte));
  if (magic) {
    throw new AppError(
      'BAD_CSV',
      `This file is ${magic.what}, not a spreadsheet. Export the data as CSV or as an Excel workbook from the program that made it.`,
    );
  }
  const sample = decodedHead.slice(0, BINARY_SNIFF_BYTES);
  let controls = 0;
  let nul = false;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c === 0) nul = true;
    else if ((c < 32 && c !== 9 && c !== 10 && c !== 11 && c !== 12 && c !== 13 && c !== 26) || c === 0x7f) controls++;
  }
  if (controls <= sample.length / 100) return;
  throw new AppError(
    'BAD_CSV',
    `This file does not look like a CSV/text file.${
      nul ? ' It contains NUL bytes, which never appear in text.' : ' It contains many control characters, which do not appear in text.'
    }`,
  );
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
  private legacy?: InstanceType<typeof TextDecoder>;
  private readonly utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  /** Set when auto-detection settled on a legacy encoding (the reader turns it into a warning). */
  guessed: EncodingGuess | null = null;
  /** Confidence of the encoding in use: 100 once non-ASCII text proved to be UTF-8. */
  confidence: number | null;
  /** A decoder other than UTF-8 met bytes its encoding does not have (they became U+FFFD). */
  sawInvalid = false;

  constructor(start: EncodingStart) {
    this.mode = start.encoding;
    this.confidence = start.confidence;
  }

  /** The encoding to report: `auto` that never saw a non-ASCII byte is reported as UTF-8. */
  get encoding(): CsvEncoding {
    return this.mode === 'auto' ? 'utf-8' : this.mode;
  }

  /** Whether the encoding was chosen from the bytes (not by the admin, not a BOM): worth a warning. */
  get isLegacyGuess(): boolean {
    return this.guessed !== null;
  }

  decode(chunk: Buffer): string {
    return this.run(chunk, false);
  }

  end(): string {
    return this.run(Buffer.alloc(0), true);
  }

  private run(chunk: Buffer, final: boolean): string {
    switch (this.mode) {
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
        // First non-ASCII bytes. Valid UTF-8 throughout: UTF-8. Otherwise count, in the next 64 KB, the
        // characters that decode as UTF-8 and the bytes that do not: mostly valid means a UTF-8 file with
        // a damaged byte (reported with its row); mostly not means a legacy encoding — CJK encodings'
        // byte pairs are sometimes valid UTF-8 by chance, so one valid character proves nothing.
        const valid = validUtf8PrefixLength(bytes, final);
        const from = firstNonAscii(bytes);
        const to = Math.min(bytes.length, from + 64 * 1024);
        const sample = bytes.subarray(from, to);
        const { good, bad } = valid === bytes.length ? { good: 1, bad: 0 } : utf8Census(sample, final && to === bytes.length);
        if (bad === 0 || good >= bad) {
          this.mode = 'utf-8';
          this.confidence = Math.round((100 * good) / (good + bad));
        } else {
          const start = Math.max(0, from - 1024);
          this.guessed = guessLegacyEncoding(bytes.subarray(start, to), final && to === bytes.length);
          this.mode = this.guessed.encoding;
          this.confidence = this.guessed.confidence;
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
      default: {
        // UTF-16 and the legacy encodings: bytes the encoding does not have become U+FFFD, and the reader
        // names the row and column where that happens (TableBuilder.checkInvalid).
        this.legacy ??= new TextDecoder(this.mode, { ignoreBOM: true });
        const text = this.legacy.decode(chunk, { stream: !final });
        if (!this.sawInvalid && text.includes('\uFFFD')) this.sawInvalid = true;
        return text;
      }
    }
  }
}

/** Non-ASCII characters that decode as UTF-8, and bytes that do not (U+FFFD), in `b`. */
function utf8Census(b: Buffer, complete: boolean): { good: number; bad: number } {
  let good = 0;
  let bad = 0;
  for (const ch of new TextDecoder('utf-8').decode(b, { stream: !complete })) {
    if (ch === '\uFFFD') bad++;
    else if (ch.charCodeAt(0) >= 0x80) good++;
  }
  return { good, bad };
}

function firstNonAscii(b: Buffer): number {
  for (let i = 0; i < b.length; i++) if (b[i]! >= 0x80) return i;
  return 0;
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
