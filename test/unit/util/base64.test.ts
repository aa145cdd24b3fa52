// The renderer-safe base64 (src-shared/util/base64.ts) against Node's own, for any text.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base64OfText, textOfBase64 } from '../../../src-shared/util/base64';

describe('base64 of text', () => {
  it("is Node's base64 of the text's UTF-8 bytes, and reads back to the text", () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        expect(base64OfText(text)).toBe(Buffer.from(text).toString('base64'));
        expect(textOfBase64(base64OfText(text)!)).toBe(text);
      }),
    );
  });
  it("ASCII text (taken by the runtime's btoa) is Node's base64 too, control characters and all", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.integer({ min: 0, max: 0x7f }).map((c) => String.fromCharCode(c)) }),
        (text) => {
          expect(base64OfText(text)).toBe(Buffer.from(text).toString('base64'));
        },
      ),
    );
    expect(base64OfText('eyJhbGciOiJIUzI1NiJ9.e30.x')).toBe('ZXlKaGJHY2lPaUpJVXpJMU5pSjkuZTMwLng=');
    expect(base64OfText('é')).toBe('w6k='); // past ASCII: its UTF-8 bytes, by the loop
  });
  it('reads no text out of what is not base64 of UTF-8', () => {
    expect(textOfBase64('not base64!')).toBeNull();
    expect(textOfBase64(Buffer.from([0xff, 0xfe]).toString('base64'))).toBeNull();
    expect(base64OfText('\ud800')).toBeNull();
  });
});
