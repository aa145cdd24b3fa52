// What SheetJS misses in an OpenDocument file (.ods, .fods), read from its content.xml before SheetJS reads it:
// formula cells saved as one self-closing tag, and the rows and columns its sheets hide.
import * as XLSX from '@e965/xlsx';

/** Positions from 0 as [first, end) ranges, in order. */
export type Ranges = [number, number][];
/** The rows and columns a sheet hides. */
export interface Hidden {
  rows: Ranges;
  columns: Ranges;
}

/**
 * The rows and columns each OpenDocument sheet hides, which SheetJS does not read: table:visibility
 * "collapse" (hidden by hand) or "filter" (a row a filter hides), counted through their repeats as SheetJS
 * counts them.
 */
function odfHidden(xml: string): Map<string, Hidden> {
  const found = new Map<string, Hidden>();
  const attr = (attrs: string, name: string): string | undefined =>
    new RegExp(`(?:^|\\s)(?:[\\w.-]+:)?${name}\\s*=\\s*"([^"]*)"`).exec(attrs)?.[1];
  const unescape = (v: string) =>
    v.replace(
      /&(lt|gt|quot|apos|amp);/g,
      (_, e: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[e]!,
    );
  let sheet: Hidden | null = null;
  let r = 0;
  let c = 0;
  const tags = /<(\/?)(?:[\w.-]+:)?table(-row|-column)?(?=[\s>/])([^>]*)>/g;
  for (let m = tags.exec(xml); m; m = tags.exec(xml)) {
    const [, close, part, attrs] = m as unknown as [string, string, string | undefined, string];
    if (!part) {
      // A sheet starts (its name) or ends.
      sheet = null;
      if (close || attrs.endsWith('/')) continue;
      sheet = { rows: [], columns: [] };
      found.set(unescape(attr(attrs, 'name') ?? ''), sheet);
      r = c = 0;
      continue;
    }
    if (!sheet || close) continue;
    const isRow = part === '-row';
    const repeat = Number(attr(attrs, isRow ? 'number-rows-repeated' : 'number-columns-repeated') ?? 1) || 1;
    const visibility = attr(attrs, 'visibility');
    const at = isRow ? r : c;
    if (visibility === 'collapse' || visibility === 'filter')
      (isRow ? sheet.rows : sheet.columns).push([at, at + repeat]);
    if (isRow) r += repeat;
    else c += repeat;
  }
  return found;
}

/** Each sheet's hidden rows and columns, by the sheet's name. */
export type HiddenBySheet = Map<string, Hidden>;

/**
 * An .ods formula cell saved as one self-closing tag with no value type (`<table:table-cell
 * table:formula="of:=[.A1]*2"/>`), as a program that writes formulas without calculating them may save it.
 * SheetJS keeps a self-closing cell only when it holds a string, so this one would vanish, and its warning
 * with it. Written open and closed, it reads as the stub it is: a formula with no value and no paragraph.
 * (SheetJS also ends a tag at the first `>`, so `[^>]*` sees the tags it sees.)
 */
const SELF_CLOSED_CELL = /<((?:[\w.-]+:)?table-cell)(\s[^>]*)\/>/g;

function openFormulaStubs(xml: string): string {
  return xml.replace(SELF_CLOSED_CELL, (tag: string, name: string, attrs: string) =>
    /(?:^|\s)(?:[\w.-]+:)?formula\s*=/.test(attrs) && !/value-type\s*=/.test(attrs)
      ? `<${name}${attrs}></${name}>`
      : tag,
  );
}

/**
 * The file with its self-closed formula cells opened (above): a flat .fods as text, an .ods package with its
 * content.xml rewritten (stored uncompressed, as it is read at once). Any other file is returned as it is.
 * `hidden`: what an OpenDocument file's sheets hide (odfHidden), read from its content.xml before SheetJS
 * reads it; null for any other file.
 */
export function withFormulaStubsOpened(input: Buffer | string): {
  input: Buffer | string;
  hidden: HiddenBySheet | null;
} {
  if (typeof input === 'string') {
    const hidden = input.includes('urn:oasis:names:tc:opendocument:xmlns:table') ? odfHidden(input) : null;
    return { input: openFormulaStubs(input), hidden };
  }
  // Cheap test first: a zip's file names are stored as they are, and only an OpenDocument package has content.xml.
  if (input[0] !== 0x50 || input[1] !== 0x4b || !input.includes('content.xml'))
    return { input, hidden: null };
  let zip: { FileIndex: unknown[] };
  try {
    zip = XLSX.CFB.read(input, { type: 'buffer' }) as { FileIndex: unknown[] };
  } catch {
    return { input, hidden: null }; // SheetJS says what is wrong with it
  }
  const entry = XLSX.CFB.find(zip, '/content.xml') as { content?: Uint8Array; size?: number } | null;
  if (!entry?.content) return { input, hidden: null };
  const xml = Buffer.from(entry.content).toString('utf8');
  const hidden = odfHidden(xml);
  const opened = openFormulaStubs(xml);
  if (opened === xml) return { input, hidden };
  entry.content = Buffer.from(opened, 'utf8');
  entry.size = entry.content.length;
  return {
    input: XLSX.CFB.write(zip, { fileType: 'zip', type: 'buffer', compression: false }) as Buffer,
    hidden,
  };
}
