// Words that read as words (issue 15): what tells a Central European file read right from the same
// bytes read as Windows-1252 or -1251, where every byte is a letter either way.
import { describe, expect, it } from 'vitest';
import { CLOSE_CALL_POINTS, preferReadable } from '../../../src-shared/dataset/preferReadable';
import { fitsAnAlphabet, misreadShare } from '../../../src-shared/dataset/misreadWords';

const POLISH = 'Łukasz Żółć,Sprzedaż\nMałgorzata Wiśniewska,Księgowość\nZażółć gęślą jaźń\n';
const CZECH = 'Jiří Dvořák,Účetnictví\nKateřina Černá,Obchod\nPříliš žluťoučký kůň úpěl ďábelské ódy\n';
const HUNGARIAN = 'Árpád Kovács,Értékesítés\nLőrinc Szőke,Pénzügy\nÁrvíztűrő tükörfúrógép\n';
/** The same bytes in another encoding. */
const as = (text: string, from: string, to: string) => new TextDecoder(to).decode(encode(text, from));
// Node has no encoder for legacy encodings: build one from its decoder's table.
function encode(text: string, encoding: string): Uint8Array {
  const table = new Map<string, number>();
  const decoded = new TextDecoder(encoding).decode(Uint8Array.from({ length: 256 }, (_, i) => i));
  [...decoded].forEach((c, i) => table.set(c, i));
  return Uint8Array.from([...text].map((c) => table.get(c)!));
}

describe('misreadShare', () => {
  it('text read right has no misread words, in any script', () => {
    for (const text of [
      POLISH,
      CZECH,
      HUNGARIAN,
      'Ján Ľubomír Šťastný,Košice\n', // Slovak
      'Jürgen Weiß,Müller\n',
      'François Lefèvre,Hélène Dupré\n',
      'José Muñoz,¿Qué tal?,Begoña Ibáñez\n',
      'Søren Jørgensen,Åsa Sæther\n',
      'Sean O’Brien,Jean-Loïc,Paral·lel,20°C\n',
      'Иванов Иван,Продажи\n',
      'Παπαδόπουλος Γιώργος\n',
      '山田太郎,営業部\n',
      'plain ASCII, nothing else\n',
    ]) {
      expect(misreadShare(text), text).toBe(0);
    }
  });

  it('Central European text read as Windows-1252 or -1251 has misread words', () => {
    for (const text of [POLISH, CZECH, HUNGARIAN]) {
      for (const wrong of ['windows-1252', 'windows-1251']) {
        expect(misreadShare(as(text, 'windows-1250', wrong)), `${text} as ${wrong}`).toBeGreaterThan(0);
      }
    }
    expect(misreadShare('Ko³owski')).toBe(1); // a symbol between letters
    expect(misreadShare('Јukasz')).toBe(1); // a Cyrillic letter in a Latin word
    expect(misreadShare('Jiøí Dvoøák,Kateøina Èerná,Nìmec')).toBeGreaterThan(0); // no language writes ø, è and ì
  });

  it('a word whose accents one language writes fits an alphabet', () => {
    expect(fitsAnAlphabet('Żółć')).toBe(true);
    expect(fitsAnAlphabet('Šťastný')).toBe(true);
    expect(fitsAnAlphabet('Èâàíîâ')).toBe(false); // "Иванов" read as Windows-1252
  });
});

describe('preferReadable', () => {
  const candidate = (encoding: string, confidence: number, text: string, singleByte = true) => ({
    encoding,
    confidence,
    text,
    singleByte,
  });

  it('a close single-byte candidate whose words read better wins, and takes the confidence of the best', () => {
    const ranked = [
      candidate('windows-1252', 57, as(HUNGARIAN, 'windows-1250', 'windows-1252')),
      candidate('windows-1250', 38, HUNGARIAN),
      candidate('gb18030', 20, '?', false),
    ];
    const [first, second, third] = preferReadable(ranked);
    expect(first).toMatchObject({ encoding: 'windows-1250', confidence: 57 });
    expect(second!.encoding).toBe('windows-1252');
    expect(second!.confidence).toBeLessThan(57);
    expect(third).toMatchObject({ encoding: 'gb18030', confidence: 20 });
  });

  it('the order stands when the words read equally well, the others are far behind, or the best is multi-byte', () => {
    const spanish = [candidate('windows-1252', 50, 'Muñoz'), candidate('windows-1250', 34, 'Muńoz')];
    expect(preferReadable(spanish)).toEqual(spanish);
    const far = [
      candidate('windows-1252', 60, as(POLISH, 'windows-1250', 'windows-1252')),
      candidate('windows-1250', 60 - CLOSE_CALL_POINTS - 1, POLISH),
    ];
    expect(preferReadable(far)).toEqual(far);
    const cjk = [candidate('shift_jis', 40, '太郎', false), candidate('windows-1252', 35, 'Jürgen')];
    expect(preferReadable(cjk)).toEqual(cjk);
  });
});
