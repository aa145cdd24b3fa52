// Hostile spreadsheets that are large, binary or byte-exact (BOMs, CRLF, UTF-16, Latin-1), built in
// code instead of committed: git would bloat on the big ones and could rewrite line endings of the
// others. The small, readable ones live as plain files in test/fixtures/hostile/.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const HOSTILE_FIXTURES_DIR = fileURLToPath(new URL('../fixtures/hostile/', import.meta.url));
/** Staff lists saved in legacy encodings (made with Python's codecs; `.expected.txt` is the same text in UTF-8). */
export const ENCODING_FIXTURES_DIR = fileURLToPath(new URL('../fixtures/encodings/', import.meta.url));

const utf8 = (s: string): Buffer => Buffer.from(s, 'utf8');
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** Deterministic pseudo-random bytes (xorshift), so a failure reproduces. */
export function pseudoRandomBytes(length: number, seed = 0x2545f491): Buffer {
  const out = Buffer.alloc(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

function utf16be(s: string): Buffer {
  const le = Buffer.from(s, 'utf16le');
  for (let i = 0; i + 1 < le.length; i += 2) {
    const t = le[i]!;
    le[i] = le[i + 1]!;
    le[i + 1] = t;
  }
  return le;
}

/** UTF-32 (4 bytes a character), which Node cannot decode: `be` for big-endian. */
function utf32(s: string, be = false): Buffer {
  const points = [...s].map((c) => c.codePointAt(0)!);
  const out = Buffer.alloc(points.length * 4);
  points.forEach((p, i) => (be ? out.writeUInt32BE(p, i * 4) : out.writeUInt32LE(p, i * 4)));
  return out;
}

/** A staff list in Japanese and Chinese only: no Latin letter, no digit. */
export const CJK_STAFF = '氏名,部署\r\n山田太郎,営業部\r\n佐藤花子,総務部\r\n張偉,開発部\r\n王芳,人事部\r\n鈴木一郎,経理部\r\n';
/** A staff list in Punjabi (Gurmukhi, U+0A00–U+0A7F: a line-break byte in every letter) and no ASCII letter. */
export const GURMUKHI_STAFF = 'ਨਾਮ,ਵਿਭਾਗ\r\nਗੁਰਪ੍ਰੀਤ ਸਿੰਘ,ਵਿਕਰੀ\r\nਹਰਮਨ ਕੌਰ,ਲੇਖਾ\r\nਜਸਪ੍ਰੀਤ ਗਿੱਲ,ਵਿਕਾਸ\r\n';
/** A staff list in Hindi (Devanagari) and no ASCII letter. */
export const DEVANAGARI_STAFF = 'नाम,विभाग\nराहुल शर्मा,बिक्री\nऊषा ठाकुर,लेखा\nअमित कुमार,विकास\n';
/** Latin and CJK names side by side, with too few ASCII characters for "most pairs hold a zero". */
export const MIXED_STAFF = '名前,Name\n山田太郎,Yamada\n李小龍,Lee\n高橋美咲,Misaki\n王芳,Fang\n';

/** Rows of plain ASCII filler: `n` rows of `email,name`, numbered from `start`. */
function asciiRows(n: number, start = 1): string {
  let s = '';
  for (let i = start; i < start + n; i++) s += `user${i}@example.com,User ${i}\n`;
  return s;
}

export const TEN_MB = 10 * 1024 * 1024;

/** name → contents. Names say what is hostile about each file. */
export const generatedHostileFiles: Record<string, () => Buffer> = {
  'bom-only.csv': () => BOM,
  'excel-crlf-bom.csv': () => Buffer.concat([BOM, utf8('email,employee_id\r\na@example.com,000123\r\nb@example.com,"Lee, Ann"\r\n')]),
  'double-bom.csv': () => Buffer.concat([BOM, BOM, utf8('email,name\na@example.com,Ann\n')]),
  'mixed-line-endings.csv': () => utf8('email,name\r\na@example.com,Ann\nb@example.com,Bob\rc@example.com,"two\r\nlines"\r\n'),
  'cr-only-line-endings.csv': () => utf8('email,name\ra@example.com,Ann\rb@example.com,Bob\r'),
  'utf16le-bom.csv': () => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('email\tname\r\na@example.com\tZoë\r\nb@example.com\t李\r\n', 'utf16le')]),
  'utf16be-bom.csv': () => Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be('email;name\na@example.com;Zoë\nb@example.com;李\n')]),
  'utf16le-no-bom.csv': () => Buffer.from('email,name\na@example.com,Søren\n', 'utf16le'),
  // Issue 15: UTF-16 without a BOM whose text is mostly CJK has few zero bytes (only its line breaks and
  // delimiters), yet is text; a text file with a stray NUL beside a line break is not UTF-16.
  'utf16le-no-bom-cjk.csv': () => Buffer.from(CJK_STAFF, 'utf16le'),
  'utf16be-no-bom-cjk.csv': () => utf16be(CJK_STAFF),
  'utf16le-no-bom-mixed.csv': () => Buffer.from(MIXED_STAFF, 'utf16le'),
  'utf16be-no-bom-mixed.csv': () => utf16be(MIXED_STAFF),
  // Other scripts with little ASCII: their line breaks too, and a letter may hold a line-break byte.
  'utf16le-no-bom-gurmukhi.csv': () => Buffer.from(GURMUKHI_STAFF, 'utf16le'),
  'utf16be-no-bom-gurmukhi.csv': () => utf16be(GURMUKHI_STAFF),
  'utf16le-no-bom-devanagari.csv': () => Buffer.from(DEVANAGARI_STAFF, 'utf16le'),
  'utf16be-no-bom-devanagari.csv': () => utf16be(DEVANAGARI_STAFF),
  // Binary records: 19 random 16-bit numbers from 0x0A00 to 0x0AFF (one block, as a script's letters are),
  // then 0A 00, which reads as a line break.
  'binary-16bit-records.csv': () => {
    const record = (seed: number) => pseudoRandomBytes(40, seed).map((x, j) => (j === 38 ? 0x0a : j === 39 ? 0 : j % 2 ? 0x0a : x));
    return Buffer.concat(Array.from({ length: 400 }, (_, i) => record(i + 1)));
  },
  // UTF-32, with and without its byte-order mark (FF FE 00 00 starts like UTF-16 LE's FF FE).
  'utf32le-bom.csv': () => utf32('\uFEFFemail,name\na@example.com,Zoë\n'),
  'utf32be-bom.csv': () => utf32('\uFEFFemail,name\na@example.com,Zoë\n', true),
  'utf32le-no-bom.csv': () => utf32('email,name\na@example.com,Zoë\nb@example.com,李\n'),
  'utf32be-no-bom.csv': () => utf32('email,name\na@example.com,Zoë\nb@example.com,李\n', true),
  'nul-beside-line-break.csv': () => utf8('email,name\na@example.com,Ann\0\nb@example.com,Bob\nc@example.com,Cy\n'),
  'shift-jis-with-nul.csv': () => Buffer.concat([utf8('id,name\n1,'), Buffer.from([0x91, 0xbe, 0x98, 0x59, 0x00, 0x0a]), utf8('2,B\n')]),
  // A quote inside an earlier cell (a formula, unquoted) must not be taken for the malformed one: the
  // stray quote is in column B. Also after a megabyte of quoted cells with doubled quotes (another chunk).
  'stray-quote-after-quote-in-earlier-cell.csv': () => utf8('email,name,team\n=H("a")@x.com,"Bob "the builder" Smith",Ops\n'),
  'stray-quote-late.csv': () =>
    utf8(
      'email,name,team\n' +
        'u@example.com,"Ann ""Boss"" Lee","Sales, ""East"""\n'.repeat(25_000) +
        '=H("a")@x.com,x"y,"Ops "North" Team"\n',
    ),
  'latin1.csv': () => Buffer.from('email;name;city;price\na@example.com;José;München;5\x80\n', 'latin1'),
  // 2 MB of ASCII first: detection must not settle on UTF-8 just because the first chunks are ASCII.
  'latin1-late-accent.csv': () => Buffer.concat([utf8('email,name\n' + asciiRows(60_000)), Buffer.from('late@example.com,Fran\xe7ois\n', 'latin1')]),
  'utf8-corrupt-byte-late.csv': () =>
    Buffer.concat([utf8('email,name\nz@example.com,Zoë\n' + asciiRows(3)), Buffer.from([0x62, 0x61, 0x64, 0x2c, 0xff, 0x0a]), utf8(asciiRows(2, 10))]),
  'binary-random.csv': () => pseudoRandomBytes(64 * 1024),
  'xlsx-renamed.csv': () => Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]), pseudoRandomBytes(4096, 7)]),
  'png-renamed.csv': () => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), pseudoRandomBytes(2048, 9)]),
  'nul-byte-early.csv': () => utf8('email,name\na@example.com,A\0nn\n'),
  'nul-byte-in-header.csv': () => utf8('email,na\0me\na@example.com,Ann\nb@example.com,Bob\n'),
  // Past the 8 KB binary sniff: found while streaming, reported with its row and column.
  'nul-byte-late.csv': () => utf8('email,name\n' + asciiRows(500) + 'x@example.com,Bad\0Name\n' + asciiRows(5, 600)),
  'control-characters.csv': () => utf8('email,name\n' + '\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f'.repeat(20)),
  'ten-mb-cell.csv': () => utf8(`email,bio\na@example.com,"${'x'.repeat(TEN_MB - 4)}""q,\n"\nb@example.com,short\n`),
  'ten-mb-unquoted-line.csv': () => utf8(`email,bio\na@example.com,${'y'.repeat(TEN_MB)}\nb@example.com,short\n`),
  'five-thousand-columns.csv': () => {
    const header = Array.from({ length: 5000 }, (_, i) => `col_${i + 1}`).join(',');
    const row = (r: number) => Array.from({ length: 5000 }, (_, i) => `r${r}c${i + 1}`).join(',');
    return utf8(`${header}\n${row(1)}\n${row(2)}\n`);
  },
  'too-many-columns.csv': () => utf8(Array.from({ length: 20_000 }, (_, i) => `c${i}`).join(',') + '\n' + '1,'.repeat(19_999) + '1\n'),
  // An unclosed quote on row 3 of a 50 MB file: must stop at the row-length cap, not buffer 40 MB.
  'unclosed-quote-huge.csv': () => utf8('email,name\na@example.com,Ann\nb@example.com,"Bob\n' + asciiRows(1_400_000, 10)),
  // A closed quoted cell past the 32 M cap: too long, not "unclosed".
  'forty-mb-cell.csv': () => utf8(`email,bio\na@example.com,"${'z'.repeat(40 * 1024 * 1024)}"\nb@example.com,short\n`),
  'unquoted-no-line-breaks.csv': () => utf8(`email,bio\na@example.com,${'w'.repeat(40 * 1024 * 1024)}`),
  // A copy cut short and padded with zeros (what a crash while saving leaves).
  'nul-tail.csv': () => Buffer.concat([utf8('email,name\na@example.com,Ann\nb@example.com,Bob\nc@example.com,Ca'), Buffer.alloc(4096)]),
  'nul-tail-inside-quote.csv': () => Buffer.concat([utf8('email,name\na@example.com,Ann\nb@example.com,"Bob, Jr'), Buffer.alloc(512)]),
  // Exports pasted together: the header again, as written (row 3), with spaces (row 5) and with a zero-width
  // space (row 7) around its names, which the header lost too; in capitals (row 6) it is not the same.
  'repeated-header-rows.csv': () =>
    utf8('identifier,name,\nu1,Ann,\nidentifier,name,\nu2,Bob,x\n identifier , name ,\nIDENTIFIER,NAME,\nidentifier\u200b,name,\nu3,Cy,\n'),
  'ctrl-z-end.csv': () => utf8('email,name\r\na@example.com,Ann\r\n\x1a'),
  'ctrl-z-end-no-newline.csv': () => utf8('email,name\na@example.com,Ann\x1a'),
  'zero-width-duplicate-headers.csv': () => utf8('email,name,email\u200b\na@example.com,Ann,b@example.com\n'),
  // A PDF whose first page is uncompressed text: no binary bytes in the sniffed start.
  'pdf-mostly-text.csv': () => utf8('%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n' + 'BT /F1 12 Tf (email,name) Tj ET\n'.repeat(400)),
  'cr-and-crlf-in-cells.csv': () =>
    utf8(
      'email,note\r\na@example.com,"line one\r\nline two"\r\nb@example.com,"old mac\rbreak"\r\n' +
        'c@example.com,"unix\nbreak"\r\nd@example.com,"quote "" and\r\n, comma"\r\n',
    ),
  // "太郎" in Shift_JIS: reads as ‘¾˜Y in Latin-1, which a byte-frequency detector alone prefers.
  'shift-jis-short.csv': () => Buffer.concat([utf8('id,name\n1,'), Buffer.from([0x91, 0xbe, 0x98, 0x59]), utf8('\n')]),
  // A Shift_JIS staff list, then a row whose name is a byte pair Shift_JIS does not have (0x85 0x40).
  'shift-jis-invalid-bytes.csv': () =>
    Buffer.concat([
      readFileSync(join(ENCODING_FIXTURES_DIR, 'staff-shift_jis.csv')),
      utf8('0013,'),
      Buffer.from([0x85, 0x40]),
      utf8(',x,user13@example.com\r\n'),
    ]),
};

/** Writes every generated file into a fresh temporary folder; returns name → path and a cleanup. */
export function writeGeneratedHostileFiles(): { dir: string; paths: Record<string, string>; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'bulkdesk-hostile-'));
  const paths: Record<string, string> = {};
  for (const [name, make] of Object.entries(generatedHostileFiles)) {
    paths[name] = join(dir, name);
    writeFileSync(paths[name], make());
  }
  return { dir, paths, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
