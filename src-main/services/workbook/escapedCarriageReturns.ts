// CRs an .xlsx file stores in a cell's text. Excel writes a CR as _x000D_ (an XML parser turns a CR written
// as is into LF); SheetJS decodes it, then turns every CRLF into LF, so "line one_x000D_\nline two" lost its
// CR. A noncharacter (U+FDD0 on) that is not in the file stands in for it while SheetJS reads the file.
import * as XLSX from '@e965/xlsx';
import { isZip } from './fileKind.ts';

/** A CR written as _x000D_ or &#13; (&#xD;), but not _x005F_x000D_ (the text "_x000D_"): as SheetJS scans. */
const ESCAPED_CR = /_x([\da-f]{4})_|&#(?:0*13|x0*d);/gi;

/**
 * An .xlsx package whose text parts hold an escaped CR, with each one written as a noncharacter SheetJS keeps
 * (`crMark`: null when there is none), its parts stored uncompressed; any other file as it is.
 */
export function withEscapedCrsMarked(input: Buffer | string): {
  input: Buffer | string;
  crMark: string | null;
} {
  const unmarked = { input, crMark: null };
  if (typeof input === 'string' || !isZip(input) || !input.includes('xl/')) return unmarked;
  let zip: { FileIndex: { name: string; content?: Uint8Array; size?: number }[]; FullPaths: string[] };
  try {
    zip = XLSX.CFB.read(input, { type: 'buffer' }) as typeof zip;
  } catch {
    return unmarked; // SheetJS says what is wrong with it
  }
  const textPart = /\/xl\/(sharedStrings|worksheets\/[^/]+)\.xml$/i;
  const parts = zip.FullPaths.flatMap((path, i) =>
    textPart.test(path) && zip.FileIndex[i]?.content ? [zip.FileIndex[i]!] : [],
  );
  const texts = parts.map((part) => Buffer.from(part.content!).toString('utf8'));
  const hasCr = (xml: string) =>
    [...xml.matchAll(ESCAPED_CR)].some((m) => m[1] === undefined || m[1].toLowerCase() === '000d');
  if (!texts.some(hasCr)) return unmarked;
  let crMark: string | null = null;
  for (let code = 0xfdd0; code <= 0xfdef && !crMark; code++) {
    const ref = new RegExp(`&#(?:0*${code}|x0*${code.toString(16)});`, 'i');
    const c = String.fromCharCode(code);
    if (!texts.some((xml) => xml.includes(c) || ref.test(xml))) crMark = c;
  }
  if (!crMark) return unmarked;
  // The character itself: SheetJS decodes a formula's text result twice, which a reference would not survive.
  const mark = crMark;
  parts.forEach((part, i) => {
    const xml = texts[i]!;
    if (!hasCr(xml)) return;
    const marked = xml.replace(ESCAPED_CR, (m, code?: string) =>
      code === undefined || code.toLowerCase() === '000d' ? mark : m,
    );
    part.content = Buffer.from(marked, 'utf8');
    part.size = part.content.length;
  });
  return {
    input: XLSX.CFB.write(zip, { fileType: 'zip', type: 'buffer', compression: false }) as Buffer,
    crMark: mark,
  };
}
