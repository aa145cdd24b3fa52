// Staff lists saved in the legacy encodings admins' systems still write (test/fixtures/encodings, made
// with Python's codecs; each `.expected.txt` is the same text in UTF-8): detected without being told,
// with a confidence and a warning that names the encoding, and every cell exactly the original text.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENCODING_FIXTURES_DIR } from '../../helpers/hostileFiles';
import { collect } from './collect';

const CASES: [file: string, encoding: string, name: string][] = [
  ['staff-shift_jis.csv', 'shift_jis', 'Shift_JIS'],
  ['staff-euc-jp.csv', 'euc-jp', 'EUC-JP'],
  ['staff-gb18030.csv', 'gb18030', 'GB18030'],
  ['staff-big5.csv', 'big5', 'Big5'],
  ['staff-euc-kr.csv', 'euc-kr', 'EUC-KR'],
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
  for (const [file, encoding, name] of CASES) {
    it(`${file}: read as ${name}, every cell exact`, async () => {
      const c = await collect(join(ENCODING_FIXTURES_DIR, file));
      const [header, ...rows] = expected(file);
      expect(c.summary.encoding).toBe(encoding);
      expect(c.summary.encodingConfidence).toBeGreaterThanOrEqual(30);
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
});
