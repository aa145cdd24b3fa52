// Reading a number format's text (src-shared/numberFormat/formatSyntax.ts).
import { describe, expect, it } from 'vitest';
import {
  formatName,
  formatPieces,
  formatSections,
  isGeneral,
  unquoted,
  withLiteralsMasked,
  withoutFills,
} from '../../../src-shared/numberFormat/formatSyntax';

describe('format syntax', () => {
  it('splits sections at each ; outside quotes, brackets and escapes', () => {
    expect(formatSections('0.00;(0.00);"zero"')).toEqual(['0.00', '(0.00)', '"zero"']);
    expect(formatSections('0" a;b"\\;0;[Red]0')).toEqual(['0" a;b"\\;0', '[Red]0']);
  });

  it('takes quoted text, escapes and brackets out, and reads a section piece by piece', () => {
    expect(unquoted('[Red]"No. "0\\-00')).toBe('000');
    expect(formatPieces('"kg"0\\.[Red]_)*-')).toEqual(['"kg"', '0', '\\.', '[Red]', '_)', '*-']);
  });

  it('masks quoted text and escaped digits or points, keeping their texts in order', () => {
    const { format, literals } = withLiteralsMasked('"v2.1 "0.00\\.\\-');
    expect(literals).toEqual(['v2.1 ', '.']);
    expect(format).toBe('"\ue000"0.00"\ue001"\\-');
  });

  it('drops fill characters outside quotes', () => {
    expect(withoutFills('*-0"*x"')).toBe('0"*x"');
  });

  it('knows General and Text by name or built-in number', () => {
    expect([0, 49, '@', 'GENERAL', 'General'].every(isGeneral)).toBe(true);
    expect(isGeneral('0')).toBe(false);
    expect(formatName('@')).toBe('Text');
    expect(formatName(0)).toBe('General');
  });
});
