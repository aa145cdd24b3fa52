// A cell quoted in a message ("…" is not an email address). A message is read by a person, printed by the
// CLI and stored as the row's error (so exported too): a 5 MB cell quoted whole made a 5 MB message,
// twice over in an export. Past a length nobody reads, the start says which cell it is, and the size
// says why it was cut.
import { plural } from './plural';

/** Values up to this many characters are quoted whole. */
const WHOLE = 120;
/** Characters kept of a longer one. */
const KEPT = 80;

/**
 * `"value"`, or for a long value its first 80 characters: `"AAAA…"… (5.0 MB in all)`. `quote` puts the
 * quotes around what is shown (JSON.stringify: escaped too, so a line break in it shows as \n).
 */
export function quoteValue(value: string, quote: (shown: string) => string = (s) => `"${s}"`): string {
  if (value.length <= WHOLE) return quote(value);
  return `${quote(start(value))}… (${size(value)} in all)`;
}

/**
 * The same, without quotes, for text that a message shows as it is, such as a row's key
 * (`email=ann@example.com`): whole, or its first 80 characters: `email=AAAA… (5.0 MB in all)`.
 */
export function shortValue(value: string): string {
  if (value.length <= WHOLE) return value;
  return `${start(value)}… (${size(value)} in all)`;
}

/** The first KEPT characters, by code point, so an emoji is not cut in two. */
function start(value: string): string {
  return Array.from(value.slice(0, KEPT * 2))
    .slice(0, KEPT)
    .join('');
}

function size(value: string): string {
  if (value.length < 10_000) return plural(value.length, 'character');
  const bytes = utf8Length(value);
  return bytes < 1024 ** 2 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 ** 2).toFixed(1)} MB`;
}

/** Bytes in UTF-8, counted without encoding a copy of a value that may be megabytes long. */
function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        n += 4; // a surrogate pair: one code point above U+FFFF
        i++;
      } else n += 3;
    } else n += 3;
  }
  return n;
}
