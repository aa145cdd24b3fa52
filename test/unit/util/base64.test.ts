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
  it('reads no text out of what is not base64 of UTF-8', () => {
    expect(textOfBase64('not base64!')).toBeNull();
    expect(textOfBase64(Buffer.from([0xff, 0xfe]).toString('base64'))).toBeNull();
    expect(base64OfText('\ud800')).toBeNull();
  });
});
