// Which legacy encoding a non-UTF-8 file is in, with a confidence. The candidates and their first scores
// come from chardet (the maintained port of ICU's detector: byte-frequency models for the CJK multi-byte
// encodings, the Windows and ISO single-byte ones, KOI8…). On a short sample its models can tie or pick a
// single-byte encoding for CJK text (a file holding only "太郎" scores windows-1252 above Shift_JIS), so
// a check of our own follows: a candidate whose text is full of bytes it cannot decode, or of characters
// real data rarely holds (¾ ˜ ¤, C1 controls, half-width katakana, private-use code points: the marks of
// mojibake), loses points, and a close call between single-byte encodings, which all decode every byte,
// goes to the one whose words read as words (src-shared/dataset/preferReadable.ts). What is left is decoded by
// Node's ICU (TextDecoder), so every encoding it knows can be read, guessed or chosen.
import type * as Chardet from 'chardet';
import { lazyRequire } from '../lazyRequire';

/** Loaded by the first import of a CSV file (../lazyRequire.ts). */
const chardet = lazyRequire<typeof Chardet>('chardet');
import { fitsAnAlphabet } from '../../../src-shared/dataset/misreadWords';
import { preferReadable } from '../../../src-shared/dataset/preferReadable';

export interface EncodingGuess {
  /** The WHATWG name TextDecoder reports, e.g. `shift_jis`, `gb18030`, `windows-1252`. */
  encoding: string;
  /** 0–100. */
  confidence: number;
  /** The runners-up, best first, for messages ("or perhaps EUC-KR"). */
  others: { encoding: string; confidence: number }[];
}

/** Encodings worth trying even when chardet does not name them (the ones admins' files come in), commonest first. */
const ALWAYS_TRY = ['windows-1252', 'shift_jis', 'gb18030', 'big5', 'euc-kr', 'euc-jp', 'windows-1251', 'windows-1250'];

/** The canonical name of an encoding label, or undefined when Node cannot decode it. */
export function canonicalEncoding(label: string): string | undefined {
  try {
    return new TextDecoder(label.trim().toLowerCase()).encoding;
  } catch {
    return undefined;
  }
}

/**
 * Guesses the encoding of bytes that are not UTF-8. `sample`: some kilobytes from the first non-ASCII
 * byte on; `complete`: whether it ends where the file does (else its last character may be cut).
 */
export function guessLegacyEncoding(sample: Buffer, complete: boolean): EncodingGuess {
  const scores = new Map<string, number>();
  for (const m of chardet().analyse(sample)) {
    const name = canonicalEncoding(m.name);
    if (!name || name.startsWith('utf-') || scores.has(name)) continue;
    scores.set(name, m.confidence);
  }
  for (const name of ALWAYS_TRY) if (!scores.has(name)) scores.set(name, 0);

  // Two encodings that read the sample as the same text are one answer: the better known one names it
  // (a German file reads the same in windows-1252 and ISO-8859-2 when it holds only ä ö ü).
  const byText = new Map<string, { encoding: string; confidence: number }>();
  const textOf = new Map<string, string>();
  for (const [encoding, score] of scores) {
    // Bytes the encoding does not have become U+FFFD and count against it, but do not rule it out: a
    // Shift_JIS file with one damaged byte is still a Shift_JIS file (the reader then names that row).
    const text = new TextDecoder(encoding).decode(sample, { stream: !complete });
    const odd = oddShare(text);
    // Windows-1252 is by far the commonest legacy encoding of spreadsheets: it wins a close call, unless
    // another single-byte reading's words read better (preferReadable, below).
    const prior = encoding === 'windows-1252' ? 15 : 0;
    const confidence = Math.max(0, Math.min(100, Math.round(score - 100 * odd + (odd === 0 ? 10 : 0) + prior)));
    textOf.set(encoding, text);
    const same = byText.get(text);
    if (!same) byText.set(text, { encoding, confidence });
    else if (rank(encoding) < rank(same.encoding) || confidence > same.confidence) {
      byText.set(text, {
        encoding: rank(encoding) < rank(same.encoding) ? encoding : same.encoding,
        confidence: Math.max(confidence, same.confidence),
      });
    }
  }
  const sorted = [...byText.values()].sort((a, b) => b.confidence - a.confidence || rank(a.encoding) - rank(b.encoding));
  // A close call between single-byte encodings goes to the one whose words read as words.
  const ranked = preferReadable(
    sorted.map((c) => ({ ...c, text: textOf.get(c.encoding)!, singleByte: !MULTI_BYTE.has(c.encoding) })),
  ).map(({ encoding, confidence }) => ({ encoding, confidence }));
  const best = ranked[0] ?? { encoding: 'windows-1252', confidence: 0 };
  return { encoding: best.encoding, confidence: best.confidence, others: ranked.slice(1, 4) };
}

/** The encodings where a character can take more than one byte (the rest give every byte a character). */
const MULTI_BYTE = new Set(['shift_jis', 'euc-jp', 'iso-2022-jp', 'gb18030', 'gbk', 'big5', 'euc-kr']);

const rank = (encoding: string) => {
  const i = ALWAYS_TRY.indexOf(encoding);
  return i < 0 ? ALWAYS_TRY.length : i;
};

// Letters and marks of any script are ordinary, and so is the punctuation Windows code pages add;
// modifier letters (˜ ˆ), half-width katakana, Hangul compatibility jamo, symbols like ¾ ¤ ¦, C1
// controls and private-use characters are what a wrong guess produces.
const ORDINARY = /[\p{L}\p{M}‘’‚“”„–—…•€£¥©®°·«»¿¡§™№]/u;
const ODD_LETTER = /[\p{Lm}\uFF61-\uFF9F\u3131-\u318E]/u;

/** Share of the non-ASCII characters in `text` that look like mojibake. */
function oddShare(text: string): number {
  let total = 0;
  let odd = 0;
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x80) continue;
    total++;
    if (ch === '\uFFFD') odd += 3; // not even a character of this encoding
    else if (!ORDINARY.test(ch) || ODD_LETTER.test(ch)) odd++;
  }
  // Cyrillic or Greek read with a Western code page comes out as words made almost only of accented
  // Latin letters ("Èâàíîâ"); real words in Latin script are mostly plain letters ("Liège", "Müller"), or
  // have the accents of one language ("Żółć").
  for (const word of text.match(LATIN_WORD) ?? []) {
    const accented = word.replace(/[A-Za-z]/g, '').length;
    if (word.length >= 3 && accented * 2 > word.length && !fitsAnAlphabet(word)) odd += accented;
  }
  odd += hangulHanjaMix(text, total);
  return total === 0 ? 0 : Math.min(1, odd / total);
}

const HANGUL = /[\uAC00-\uD7A3]/gu;
const HANJA = /[\u4E00-\u9FFF\uF900-\uFAFF]/gu;

/**
 * Chinese read as EUC-KR: every GB2312 byte pair is also an EUC-KR one, and the commonest hanzi fall on
 * Hangul syllables (leading bytes B0–C8) and on Hanja (CA–FD) alike, so the text comes out as Hangul with
 * Hanja strewn through it ("냈쓰", "珙렐") — which chardet scores far above GB18030. Korean data written
 * today is Hangul with a rare Hanja: where both make up a fifth or more of the characters, every one of
 * them is counted as a mark of the wrong reading.
 */
function hangulHanjaMix(text: string, total: number): number {
  if (total === 0) return 0;
  const hangul = text.match(HANGUL)?.length ?? 0;
  const hanja = text.match(HANJA)?.length ?? 0;
  return hangul * 5 >= total && hanja * 5 >= total ? hangul + hanja : 0;
}

const LATIN_WORD = /[A-Za-z\u00C0-\u024F]+/g;
