// Whether the first bytes of a file without a byte-order mark are UTF-16, and in which byte order.
//
// ASCII text saved as UTF-16 has a zero byte in (almost) every pair, always on the same side. Binary
// data has zeros too, but scattered; requiring 70% of pairs to agree keeps those out.
//
// Text that is mostly Chinese, Japanese or Korean has zeros only in its ASCII characters (line breaks,
// delimiters, emails), often far fewer than 70% of pairs. Such a file is UTF-16 when its line breaks are
// whole UTF-16 characters (0A 00 / 00 0A): text in an 8-bit encoding with a stray NUL has its line-break
// bytes next to letters, so read as UTF-16 at most one of them (the one beside the NUL) is a line break.
// And no pair may be a NUL, a control character, a lone surrogate or a code point Unicode does not
// assign, which random bytes soon produce. The same holds for text in any other script with little
// ASCII (Indic, Cyrillic, Arabic, Thai…), whose letters share one block of 256 code points, U+0900–U+09FF
// for Devanagari and Bengali. There a letter may hold a line-break byte (every one of Gurmukhi, Gujarati,
// Malayalam and Sinhala, in U+0A00–U+0AFF and U+0D00–U+0DFF; ऊ, U+090A): letters of the text's own block
// are letters, not line breaks out of place.

export interface Utf16Guess {
  encoding: 'utf-16le' | 'utf-16be';
  /** 0–100. */
  confidence: number;
}

export function guessBomlessUtf16(b: Uint8Array): Utf16Guess | undefined {
  // Zeros at the end are a write that did not finish (the CSV reader says so), not evidence.
  let length = b.length;
  while (length > 0 && b[length - 1] === 0) length--;
  if (length % 2 === 1 && length < b.length) length++; // a zero that completes the last pair ("\n" is 0A 00)
  const end = length - (length % 2);
  const pairs = end / 2;
  if (pairs < 2) return undefined;

  let zeroHigh = 0;
  let zeroLow = 0;
  for (let i = 0; i < end; i += 2) {
    if (b[i + 1] === 0 && b[i] !== 0) zeroHigh++;
    else if (b[i] === 0 && b[i + 1] !== 0) zeroLow++;
  }
  if (zeroHigh / pairs >= 0.7)
    return { encoding: 'utf-16le', confidence: Math.round((100 * zeroHigh) / pairs) };
  if (zeroLow / pairs >= 0.7)
    return { encoding: 'utf-16be', confidence: Math.round((100 * zeroLow) / pairs) };

  const le = byLineBreaks(b, length, true);
  const be = byLineBreaks(b, length, false);
  if (le === undefined && be === undefined) return undefined;
  return (le ?? -1) >= (be ?? -1)
    ? { encoding: 'utf-16le', confidence: le! }
    : { encoding: 'utf-16be', confidence: be! };
}

/** The confidence that b[0, length) is UTF-16 in this byte order, judged by its line breaks; undefined: it is not. */
function byLineBreaks(b: Uint8Array, length: number, littleEndian: boolean): number | undefined {
  const units = Math.floor(length / 2);
  const unit = (i: number) =>
    littleEndian ? b[2 * i]! | (b[2 * i + 1]! << 8) : (b[2 * i]! << 8) | b[2 * i + 1]!;
  let lineBreaks = 0;
  let odd = 0;
  // Characters from U+0080 on, by their block of 256 code points (the unit's high byte).
  const blocks = new Array<number>(256).fill(0);
  for (let i = 0; i < units; i++) {
    const u = unit(i);
    if (u === 0) return undefined;
    if (u === 0x0a || u === 0x0d) lineBreaks++;
    if (u >= 0x80 && (u < 0xd800 || u > 0xdfff)) blocks[u >> 8]!++;
    if (u >= 0xd800 && u <= 0xdbff) {
      // A high surrogate needs a low one next (or the sample ends between the two).
      const next = i + 1 < units ? unit(i + 1) : 0xdc00;
      if (next >= 0xdc00 && next <= 0xdfff) {
        if (oddCodePoint(String.fromCharCode(u, next))) odd++;
        i++;
      } else odd++;
    } else if (oddCodePoint(String.fromCharCode(u))) odd++;
  }
  const script = scriptBlock(blocks);
  // Pairs whose character half is a line-break byte, other than the letters of the text's own script: in
  // little-endian, 0A 41 is U+410A (a line break before "A", read as a CJK character) but 41 0A is U+0A41,
  // a Gurmukhi sign.
  const misplaced = (script === 0x0a ? 0 : blocks[0x0a]!) + (script === 0x0d ? 0 : blocks[0x0d]!);
  // A stray NUL makes at most one line break: two are needed, or one that is the only line-break byte
  // outside the script's letters.
  if (lineBreaks === 0 || (lineBreaks === 1 && lineBreakBytes(b, length, littleEndian, script) > 1)) {
    return undefined;
  }
  // Text with a NUL before each line break (C strings) has half of its line breaks misplaced.
  if (misplaced > lineBreaks / 8 || odd > units / 100) return undefined;
  return Math.round((lineBreaks >= 3 ? 90 : 70) * (1 - odd / units));
}

/**
 * The block (high byte) most characters from U+0080 on belong to, when it holds at least 60% of them
 * and four or more: the text's script. undefined when there is none (CJK spreads over many blocks).
 */
function scriptBlock(blocks: number[]): number | undefined {
  let best = 0;
  for (let i = 1; i < 256; i++) if (blocks[i]! > blocks[best]!) best = i;
  const total = blocks.reduce((sum, n) => sum + n, 0);
  return blocks[best]! >= 4 && blocks[best]! >= 0.6 * total ? best : undefined;
}

/**
 * The bytes 0A and 0D in b[0, length), except inside letters of the script's block (none of U+0080–U+00FF
 * holds one: block 0 excepts nothing).
 */
function lineBreakBytes(
  b: Uint8Array,
  length: number,
  littleEndian: boolean,
  script: number | undefined,
): number {
  let n = 0;
  for (let i = 0; i < length; i++) {
    if (b[i] !== 0x0a && b[i] !== 0x0d) continue;
    const high = b[i - (i % 2) + (littleEndian ? 1 : 0)];
    if (!script || high !== script || i - (i % 2) + 1 >= length) n++;
  }
  return n;
}

// Controls other than tab, line breaks, form feed and Ctrl-Z (the old DOS end-of-file mark), a lone low
// surrogate, private use, and code points Unicode has not assigned (noncharacters included).
const ODD = /[\0-\x08\x0e-\x19\x1b-\x1f\x7f-\x9f\p{Cs}\p{Co}\p{Cn}]/u;

function oddCodePoint(ch: string): boolean {
  return ODD.test(ch);
}
