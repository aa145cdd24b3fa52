// Base64 of text's UTF-8 bytes and back, for code that runs in main and in the renderer alike (no Buffer,
// and src-shared is typed without the DOM's btoa): the masking of a secret's encoded echoes (redact.ts).
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** The runtime's base64 of a string of bytes (one per character), where it has one. */
const btoa = (globalThis as { btoa?: (bytes: string) => string }).btoa?.bind(globalThis);
const ASCII = /^[\x00-\x7f]*$/;

/** `text`'s UTF-8 bytes; null for text no UTF-8 can hold (a lone surrogate). */
function utf8Bytes(text: string): number[] | null {
  let encoded: string;
  try {
    encoded = encodeURIComponent(text);
  } catch {
    return null;
  }
  const bytes: number[] = [];
  for (let i = 0; i < encoded.length; i++) {
    if (encoded[i] === '%') {
      bytes.push(parseInt(encoded.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(encoded.charCodeAt(i));
  }
  return bytes;
}

/** Standard base64 (padded) of `text`'s UTF-8 bytes; null for text no UTF-8 can hold. */
export function base64OfText(text: string): string | null {
  // ASCII (a JWT, most keys): its UTF-8 bytes are its characters, and the runtime's btoa (Node's and the
  // renderer's) encodes them faster than the loop below: the runner masks every answer for its request's fresh JWT
  // (../util/redact.ts), and this cut that masking from ~16 to ~11 µs of CPU an answer.
  if (btoa && ASCII.test(text)) return btoa(text);
  const bytes = utf8Bytes(text);
  if (!bytes) return null;
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const [a, b, c] = [bytes[i]!, bytes[i + 1], bytes[i + 2]];
    const n = (a << 16) | ((b ?? 0) << 8) | (c ?? 0);
    out += ALPHABET[(n >> 18) & 63]! + ALPHABET[(n >> 12) & 63]!;
    out += b === undefined ? '=' : ALPHABET[(n >> 6) & 63]!;
    out += c === undefined ? '=' : ALPHABET[n & 63]!;
  }
  return out;
}

/** The text (UTF-8) standard base64 `base64` encodes; null when it is no base64 or no UTF-8 text. */
export function textOfBase64(base64: string): string | null {
  const digits = base64.replace(/=+$/, '');
  if (digits.length % 4 === 1 || /[^A-Za-z0-9+/]/.test(digits)) return null;
  let escaped = '';
  let bits = 0;
  let value = 0;
  for (const ch of digits) {
    value = (value << 6) | ALPHABET.indexOf(ch);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      escaped += `%${((value >> bits) & 0xff).toString(16).padStart(2, '0')}`;
    }
  }
  try {
    return decodeURIComponent(escaped);
  } catch {
    return null;
  }
}
