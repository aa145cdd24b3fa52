// Reading a number format's text (Excel's, as a workbook names it): its sections, its pieces, what it says
// once its quoted text is set aside, and whether it is General. Pure text work: no number is shown here.

/** A format's sections, split at each `;` outside quotes, brackets and escapes. */
export function formatSections(z: string): string[] {
  const parts: string[] = [];
  let from = 0;
  for (let i = 0; i < z.length; i++) {
    const ch = z[i]!;
    if (ch === '\\') i++;
    else if (ch === '"' || ch === '[') {
      const end = z.indexOf(ch === '"' ? '"' : ']', i + 1);
      i = end < 0 ? z.length : end;
    } else if (ch === ';') {
      parts.push(z.slice(from, i));
      from = i + 1;
    }
  }
  parts.push(z.slice(from));
  return parts;
}

/** A format with its quoted text, escaped characters and [brackets] taken out: what it says as a format. */
export function unquoted(z: string): string {
  return z.replace(/"[^"]*"?|\\.|\[[^\]]*\]?/g, '');
}

/** A section's pieces as the formatter reads them: quoted text, an escaped character, a [bracket], `_x`, `*x`, a character. */
export function formatPieces(section: string): string[] {
  return section.match(/"[^"]*"?|\\.|\[[^\]]*\]?|[_*]?./gs) ?? [];
}

/** The text of a quoted piece (`"kg"`: kg; one never closed runs to the end). */
export const quotedText = (piece: string): string =>
  piece.slice(1, piece.length > 1 && piece.endsWith('"') ? -1 : undefined);

/**
 * A format with each quoted text, and each escaped digit or point (`\2`, `\.`), written as one private-use
 * character of its own (quoted), and those texts by character (U+E000 on). SheetJS shows quoted text as it is
 * whatever it holds, so the format is shown alike; the marks are put back into the text afterwards. Escaped
 * characters that are no digit or point (`\-`) stay: SheetJS reads `000\-00\-0000` by them.
 */
export function withLiteralsMasked(z: string): { format: string; literals: string[] } {
  const literals: string[] = [];
  const format = z.replace(/"[^"]*"?|\\(.)|\[[^\]]*\]?/g, (m: string, escaped?: string) => {
    if (m.startsWith('[') || (escaped !== undefined && !/[\d.]/.test(escaped))) return m;
    if (literals.length >= 0x1900) return m; // the private-use area's size: no format has as many
    literals.push(escaped ?? quotedText(m));
    return `"${String.fromCharCode(0xe000 + literals.length - 1)}"`;
  });
  return { format, literals };
}

/** A format section without its fill characters (`*` and the character after it) outside quotes and brackets. */
export function withoutFills(section: string): string {
  let out = '';
  for (let i = 0; i < section.length; i++) {
    const ch = section[i]!;
    if (ch === '*') {
      i++;
      continue;
    }
    const end =
      ch === '\\' ? i + 1 : ch === '"' || ch === '[' ? section.indexOf(ch === '"' ? '"' : ']', i + 1) : i;
    const to = end < 0 ? section.length : end + 1;
    out += section.slice(i, to);
    i = to - 1;
  }
  return out;
}

/**
 * Only a format the file names as General: .ods cells carry none, and their text is the file's own. Text
 * (@, built-in 49) counts too: Excel shows a number in a Text cell (a column set to Text after its ids
 * were typed) as General does.
 */
export function isGeneral(z: string | number | undefined): boolean {
  return z === 0 || z === 49 || z === '@' || (typeof z === 'string' && z.toLowerCase() === 'general');
}

/** The format's name in a warning: "Text" for @, else "General". */
export const formatName = (z: string | number | undefined): string =>
  z === 49 || z === '@' ? 'Text' : 'General';
