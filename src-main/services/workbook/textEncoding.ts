// Which encoding an HTML or XML "Excel" file (a text file SheetJS reads as a workbook: an .xls that is an
// HTML table, SpreadsheetML 2003) is in. SheetJS reads every such file as UTF-8, whatever it is in or
// declares, so a Windows-1252 export's "ë" became U+FFFD without a word. These files get the CSV reader's
// rules (../csv/decode.ts): an encoding the admin chose, a byte-order mark, UTF-16 without one; then the
// charset the file declares (an XML declaration, a <meta> tag); then UTF-8 or a guessed legacy encoding.
// A declared legacy charset loses to text that is valid UTF-8 with non-ASCII characters (which text in a
// legacy encoding almost never is): that is a template's stale charset line, and SheetJS read those
// files right before we looked at charsets at all.
//
// The whole file goes through the decoder here, a chunk at a time and the text thrown away, to find bytes
// the encoding does not have; the worker decodes it again for SheetJS, inside its heap cap.
import { isAscii } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { ChunkDecoder, detectEncoding, InvalidUtf8Error, type CsvEncoding } from '../csv/decode';
import { canonicalEncoding, type EncodingGuess } from '../csv/guessEncoding';

export interface TextWorkbookEncoding {
  /** The WHATWG name to decode the file with. */
  encoding: CsvEncoding;
  /** A byte-order mark to skip. */
  bomLength: number;
  /** 0–100; null when the admin chose the encoding. */
  confidence: number | null;
  /** Set when the encoding was guessed from the bytes (worth a warning). */
  guessed: EncodingGuess | null;
  /** The legacy charset the file declared, when its UTF-8 text overrode it (worth a warning). */
  overridden: CsvEncoding | null;
  /** Some bytes are not text in `encoding`: the cells holding them show U+FFFD, and must not be imported. */
  invalid: boolean;
  /** A UTF-8 byte-order mark was skipped under the encoding the admin chose (worth a warning). */
  overruledBom: boolean;
}

const HEAD_BYTES = 64 * 1024;

export async function textWorkbookEncoding(
  path: string,
  forced?: CsvEncoding,
): Promise<TextWorkbookEncoding> {
  const head = await readHead(path);
  let start = detectEncoding(head, forced);
  const declared = start.encoding === 'auto' ? declaredEncoding(head) : undefined;
  if (declared) start = { encoding: declared, bomLength: 0, confidence: 100 };
  const decoder = new ChunkDecoder(start);
  let invalid = false;
  const decode = (bytes: Buffer, final: boolean): void => {
    try {
      decoder.decode(bytes);
      if (final) decoder.end();
    } catch (e) {
      if (!(e instanceof InvalidUtf8Error)) throw e;
      invalid = true;
    }
    if (decoder.sawInvalid) invalid = true;
  };
  // Under a declared legacy charset, whether the text is valid UTF-8 all the same.
  const utf8 =
    declared && declared !== 'utf-8' ? new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }) : null;
  let utf8Valid = utf8 !== null;
  let nonAscii = false;
  const checkUtf8 = (bytes: Buffer, final: boolean): void => {
    if (!utf8Valid) return;
    nonAscii ||= !isAscii(bytes);
    try {
      utf8!.decode(bytes, { stream: !final });
    } catch {
      utf8Valid = false;
    }
  };

  let skip = start.bomLength;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    const bytes = chunk.subarray(Math.min(skip, chunk.length));
    skip -= Math.min(skip, chunk.length);
    if (!invalid) decode(bytes, false);
    checkUtf8(bytes, false);
    if (invalid && !utf8Valid) break; // nothing more to learn
  }
  if (!invalid) decode(Buffer.alloc(0), true);
  checkUtf8(Buffer.alloc(0), true);

  if (utf8Valid && nonAscii) {
    return {
      encoding: 'utf-8',
      bomLength: 0,
      confidence: 100,
      guessed: null,
      overridden: declared!,
      invalid: false,
      overruledBom: false,
    };
  }
  return {
    encoding: decoder.encoding,
    bomLength: start.bomLength,
    confidence: forced ? null : (decoder.confidence ?? 100),
    guessed: decoder.guessed,
    overridden: null,
    invalid,
    overruledBom: start.overruledBom === true,
  };
}

/**
 * The charset an XML declaration, or a <meta> tag in an HTML head, names at the top of the file, when
 * Node can decode it. UTF-16 is ignored: bytes that read as ASCII are not UTF-16, whatever they say.
 */
export function declaredEncoding(head: Buffer): CsvEncoding | undefined {
  const top = head.toString('latin1', 0, 4096);
  const xml = /^\s*<\?xml\b[^>]*?\bencoding\s*=\s*["']([^"']+)["']/i.exec(top);
  const meta = xml
    ? null
    : /<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([^\s"';/>]+)/i.exec(top.split(/<body\b/i)[0]!);
  const label = xml?.[1] ?? meta?.[1];
  const name = label === undefined ? undefined : canonicalEncoding(label);
  return name && !name.startsWith('utf-16') && name !== 'replacement' ? name : undefined;
}

async function readHead(path: string): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buf = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buf, 0, HEAD_BYTES, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
