// Workbooks that cannot be read as they are: a damaged compressed part, a copy cut short, a password. The
// import ends, promptly, saying what is wrong with the file, and leaves nothing behind.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { callOk } from '../../helpers/callOk';
import { useTempServices } from '../../helpers/tempServices';
import { staffWorkbook } from '../../helpers/workbooks';

describe('damaged workbooks', () => {
  const temp = useTempServices();

  it(
    'a damaged compressed part stops the import at once (it used to be read for ever)',
    { timeout: 30_000 },
    async () => {
      const s = await temp.open({ sandbox: false });
      const file = join(temp.dir, 'staff.xlsx');
      staffWorkbook(file);
      // Compressed as Excel saves it, then the sheet's compressed bytes replaced by a damaged stream of the
      // same length, the ZIP's directory intact.
      writeFileSync(file, zipSync(unzipSync(readFileSync(file)), { level: 6 }));
      replaceEntryData(file, 'xl/worksheets/sheet3.xml', endlessDeflate());
      const started = Date.now();
      const r = await s.dispatch('datasets.import', { source: { kind: 'path', path: file } });
      expect(Date.now() - started).toBeLessThan(15_000);
      expect(!r.ok && r.error.code).toBe('BAD_CSV');
      expect(!r.ok && r.error.message).toBe(
        'staff.xlsx: This workbook is damaged: part of its compressed content cannot be unpacked (a copy or disk ' +
          'error). Open it in Excel or LibreOffice, which can often repair it, save it again, then import it. ' +
          '(The reader said: invalid code -- missing end-of-block.)',
      );
      expect(await callOk(s, 'datasets.list', {})).toEqual([]);
    },
  );

  // They used to be called "not a workbook" (with the advice to unzip it), or named what the parser tripped on.
  it('a workbook cut short says so: an .xlsx or .ods without the directory a ZIP ends with, an .xls without its end', async () => {
    const s = await temp.open({ sandbox: false });
    for (const format of ['xlsx', 'ods', 'xls'] as const) {
      const file = join(temp.dir, `staff.${format}`);
      staffWorkbook(file, format);
      const whole = readFileSync(file);
      // (The end of SheetJS's .xls is padding: without it the file is still whole.)
      for (const fraction of format === 'xls' ? [0.05, 0.5] : [0.05, 0.5, 0.95]) {
        writeFileSync(file, whole.subarray(0, Math.floor(whole.length * fraction)));
        const r = await s.dispatch('datasets.import', { source: { kind: 'path', path: file } });
        const message = !r.ok && r.error.message;
        if (format === 'xls') {
          expect(message, `cut at ${fraction}`).toMatch(
            /^staff\.xls: This Office file \(\.xls\) is damaged or cut short: its parts cannot be read \(an interrupted copy, download or save, or a disk error\)\. Open it in Excel or LibreOffice, which can often repair it, save it again, then import it\. \(The reader said: .+\.\)$/,
          );
        } else {
          expect(message, `${format} cut at ${fraction}`).toBe(
            `staff.${format}: This file is cut short: it is a ZIP file (as .xlsx and .ods workbooks are) that ends before ` +
              'the directory every ZIP file ends with (an interrupted copy, download or save). Copy or save it again, then ' +
              'import it.',
          );
        }
      }
    }
    expect(await callOk(s, 'datasets.list', {})).toEqual([]);
  });

  it('a password-protected .ods says so (it was "not a workbook")', async () => {
    const s = await temp.open({ sandbox: false });
    const file = join(temp.dir, 'locked.ods');
    // As LibreOffice saves one: the manifest names how content.xml is encrypted; its bytes are ciphertext.
    const manifest =
      '<?xml version="1.0" encoding="UTF-8"?>\n<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">' +
      '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>' +
      '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml" manifest:size="2000">' +
      '<manifest:encryption-data manifest:checksum-type="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0#sha256-1k" manifest:checksum="AAAA">' +
      '<manifest:algorithm manifest:algorithm-name="http://www.w3.org/2001/04/xmlenc#aes256-cbc" manifest:initialisation-vector="AAAA"/>' +
      '<manifest:key-derivation manifest:key-derivation-name="PBKDF2" manifest:key-size="32" manifest:iteration-count="100000" manifest:salt="AAAA"/>' +
      '</manifest:encryption-data></manifest:file-entry></manifest:manifest>';
    const ciphertext = Uint8Array.from({ length: 2000 }, (_, i) => (i * 151 + 7) % 256);
    writeFileSync(
      file,
      zipSync(
        {
          mimetype: [strToU8('application/vnd.oasis.opendocument.spreadsheet'), { level: 0 }],
          'META-INF/manifest.xml': strToU8(manifest),
          'content.xml': [ciphertext, { level: 0 }],
          'styles.xml': [ciphertext.slice(0, 500), { level: 0 }],
        },
        { level: 6 },
      ),
    );
    const r = await s.dispatch('datasets.import', { source: { kind: 'path', path: file } });
    expect(!r.ok && r.error.message).toBe(
      'locked.ods: This workbook is password-protected, so its content cannot be read. Open it in LibreOffice and ' +
        'save it again without the password (File › Save As, with "Save with password" unticked), then import it.',
    );
    expect(await callOk(s, 'datasets.list', {})).toEqual([]);
  });
});

/**
 * Overwrites the stored (compressed) bytes of one entry of a ZIP file with `bytes`, then 0xFF to its end:
 * its sizes and the directory stay as they are.
 */
function replaceEntryData(path: string, name: string, bytes: Buffer): void {
  const zip = readFileSync(path);
  for (let at = zip.indexOf('PK\x03\x04'); at >= 0; at = zip.indexOf('PK\x03\x04', at + 4)) {
    const nameLength = zip.readUInt16LE(at + 26);
    const data = at + 30 + nameLength + zip.readUInt16LE(at + 28);
    if (zip.toString('utf8', at + 30, at + 30 + nameLength) !== name) continue;
    const size = zip.readUInt32LE(at + 18);
    if (size < bytes.length) throw new Error(`${name} is too short to hold the damaged stream`);
    zip.fill(0xff, data, data + size);
    bytes.copy(zip, data);
    writeFileSync(path, zip);
    return;
  }
  throw new Error(`no entry ${name}`);
}

/**
 * A deflate stream damaged the way a bad copy damages one: a block whose Huffman code leaves bit patterns
 * unassigned, then only such patterns. zlib stops ("invalid code"); an inflater that does not check
 * writes a zero byte for each without moving on, for ever.
 */
function endlessDeflate(): Buffer {
  const bits: number[] = [];
  const put = (value: number, count: number) => {
    for (let i = 0; i < count; i++) bits.push((value >> i) & 1);
  };
  put(1, 1); // the last block,
  put(2, 2); // with its own Huffman codes:
  put(0, 5); // 257 literal/length codes,
  put(0, 5); // 1 distance code,
  put(14, 4); // 18 code-length codes, in this order:
  for (const symbol of [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1])
    put(symbol === 1 || symbol === 18 ? 1 : 0, 3);
  // Code lengths ("0" is length 1, "1" a run of zeros): only 'A' (65) has a code, one bit long, so "1" means nothing.
  put(1, 1);
  put(65 - 11, 7);
  put(0, 1);
  put(1, 1);
  put(138 - 11, 7);
  put(1, 1);
  put(54 - 11, 7);
  const header = Buffer.alloc(Math.ceil(bits.length / 8));
  bits.forEach((bit, i) => (header[i >> 3]! |= bit << (i & 7)));
  return Buffer.concat([header, Buffer.alloc(32, 0xff)]);
}
