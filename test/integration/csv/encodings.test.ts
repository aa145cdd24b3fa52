// Staff lists saved in the legacy encodings admins' systems still write (test/fixtures/encodings, made
// with Python's codecs; each `.expected.txt` is the same text in UTF-8): detected without being told,
// with a confidence and a warning that names the encoding, and every cell exactly the original text.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../src-shared/contract/errors';
import { ENCODING_FIXTURES_DIR } from '../../helpers/hostileFiles';
import { tempDir } from '../../helpers/tempDir';
import { collect } from './collect';

const CASES: [file: string, encoding: string, name: string, minConfidence?: number][] = [
  ['staff-shift_jis.csv', 'shift_jis', 'Shift_JIS'],
  ['staff-euc-jp.csv', 'euc-jp', 'EUC-JP'],
  ['staff-gb18030.csv', 'gb18030', 'GB18030'],
  ['staff-big5.csv', 'big5', 'Big5'],
  ['staff-euc-kr.csv', 'euc-kr', 'EUC-KR'],
  // Chinese names only: every GB2312 byte pair is also EUC-KR, and chardet scores EUC-KR far ahead (49 to
  // nothing), which read them as Hangul mixed with Hanja ("냈쓰", "珙렐"). GB18030 wins on its own clean
  // reading, with the low confidence that is (the warning says so).
  ['names-gb18030.csv', 'gb18030', 'GB18030', 10],
  ['staff-windows-1251.csv', 'windows-1251', 'Windows-1251'],
  ['staff-iso-8859-2.csv', 'iso-8859-2', 'ISO-8859-2'],
  // Central European staff lists, which chardet scores within a few points of Windows-1252 (issue 15).
  ['staff-windows-1250.csv', 'windows-1250', 'Windows-1250'],
  ['staff-windows-1250-cs.csv', 'windows-1250', 'Windows-1250'],
  ['staff-iso-8859-2-cs.csv', 'iso-8859-2', 'ISO-8859-2'],
  // Hungarian bytes read the same in Windows-1250 and ISO-8859-2: the better known name is given.
  ['staff-windows-1250-hu.csv', 'windows-1250', 'Windows-1250'],
  // French, Spanish, Danish and German names stay Windows-1252.
  ['staff-windows-1252.csv', 'windows-1252', 'Windows-1252'],
];

function expected(file: string): string[][] {
  const text = readFileSync(join(ENCODING_FIXTURES_DIR, file.replace(/\.csv$/, '.expected.txt')), 'utf8');
  return text.trimEnd().split('\r\n').map((line) => line.split(','));
}

describe('legacy encodings', () => {
  for (const [file, encoding, name, minConfidence = 30] of CASES) {
    it(`${file}: read as ${name}, every cell exact`, async () => {
      const c = await collect(join(ENCODING_FIXTURES_DIR, file));
      const [header, ...rows] = expected(file);
      expect(c.summary.encoding).toBe(encoding);
      expect(c.summary.encodingConfidence).toBeGreaterThanOrEqual(minConfidence);
      expect(c.summary.columns).toEqual(header);
      expect(c.rows.map(([, cells]) => cells)).toEqual(rows);
      expect(c.summary.warnings).toEqual([
        expect.stringMatching(new RegExp(`^The file is not UTF-8: it was read as ${name} \\(\\d+% sure`)),
      ]);
    });
  }

  it('an encoding chosen by the admin wins, with no confidence and no warning', async () => {
    const c = await collect(join(ENCODING_FIXTURES_DIR, 'staff-gb18030.csv'), { encoding: 'gbk' });
    expect(c.summary).toMatchObject({ encoding: 'gbk', encodingConfidence: null, warnings: [] });
    expect(c.rows[0]![1]).toEqual(expected('staff-gb18030.csv')[1]);
  });

  it('Shift_JIS read as Latin-1 by choice is what was asked for (the mojibake the detector avoids)', async () => {
    const c = await collect(join(ENCODING_FIXTURES_DIR, 'staff-shift_jis.csv'), { encoding: 'windows-1252' });
    expect(c.rows[0]![1][1]).not.toBe(expected('staff-shift_jis.csv')[1]![1]);
  });

  describe('an encoding chosen against the byte-order mark the file starts with', () => {
    const dir = tempDir();
    afterAll(() => dir.remove());
    const text = 'email,name\r\nzoe@example.com,Zoë\r\n';
    const file = (name: string, bytes: Buffer) => {
      const path = join(dir.path, name);
      writeFileSync(path, bytes);
      return path;
    };

    // Excel's "Unicode Text" is UTF-16 LE with a BOM, and "Unicode" is easily taken for UTF-8. Read as the
    // encoding chosen, it was "full of NUL bytes", or a header of CJK characters "with no rows".
    it('UTF-16 by its mark, another encoding chosen (or the reverse): refused, naming both', async () => {
      const cases: [bytes: Buffer, chosen: string, message: string][] = [
        [
          Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]),
          'utf-8',
          'The file starts with the byte-order mark of UTF-16 LE text, but UTF-8 was chosen as its encoding. Import it ' +
            'again choosing UTF-16 LE, or no encoding (a byte-order mark is recognised).',
        ],
        [
          Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]),
          'utf-16le',
          'The file starts with the byte-order mark of UTF-16 BE text, but UTF-16 LE was chosen as its encoding. ' +
            'Import it again choosing UTF-16 BE, or no encoding (a byte-order mark is recognised).',
        ],
        [
          Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]),
          'utf-16le',
          'The file starts with the byte-order mark of UTF-8 text, but UTF-16 LE was chosen as its encoding. Import ' +
            'it again choosing UTF-8, or no encoding (a byte-order mark is recognised).',
        ],
      ];
      for (const [bytes, chosen, message] of cases) {
        const e = await collect(file('marked.csv', bytes), { encoding: chosen }).catch((x: unknown) => x);
        expect(e).toBeInstanceOf(AppError);
        expect((e as AppError).message).toBe(message);
        expect((e as AppError).details).toEqual({ field: 'encoding' });
      }
    });

    // A UTF-8 mark over text in another encoding is a broken exporter's: the choice is honoured, and the
    // mark is not read as "ï»¿" in front of the first header.
    it('a UTF-8 mark, a legacy encoding chosen: the choice is read, without the mark, and said', async () => {
      const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'latin1')]);
      const c = await collect(file('exporter.csv', bytes), { encoding: 'windows-1252' });
      expect(c.header).toEqual(['email', 'name']);
      expect(c.rows).toEqual([[2, ['zoe@example.com', 'Zoë']]]);
      expect(c.summary.warnings).toEqual([
        'The file starts with the byte-order mark of UTF-8 text, but was read as Windows-1252, as chosen (without ' +
          'the mark). If letters look wrong, import it again choosing UTF-8, or no encoding.',
      ]);
    });
  });
});
