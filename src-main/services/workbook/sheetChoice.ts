// Which sheet of a workbook is read: the one asked for, by its name or its position, or else the first
// visible sheet with data.
import type { SheetSummary } from '../../../src-shared/contract/api.ts';

/** Why no sheet is read, as the worker says it (readWorkbookFile.ts's workerError words it). */
export interface NoSheet {
  kind: 'ambiguousSheet' | 'noSuchSheet' | 'emptySheet' | 'noData';
  message: string;
  matches?: string[];
}

/**
 * The index of the sheet to read, or why there is none. `nonBlank`: each sheet's rows with text, header
 * included. `want`: a sheet name, or a position counting from 1 (a sheet named "2" wins over the second sheet).
 */
export function chooseSheet(
  sheets: SheetSummary[],
  nonBlank: number[],
  want: string | undefined,
): number | NoSheet {
  let index = -1;
  if (want !== undefined) {
    index = sheets.findIndex((s) => s.name === want);
    if (index < 0) {
      // Names typed with or without the spaces around them, or in another case: taken when one sheet fits.
      const loose = sheetsNamedLike(sheets, want);
      if (loose.length > 1)
        return { kind: 'ambiguousSheet', message: want, matches: loose.map((i) => sheets[i]!.name) };
      index = loose[0] ?? -1;
    }
    if (index < 0 && /^\d+$/.test(want.trim())) {
      const n = Number(want.trim());
      if (n >= 1 && n <= sheets.length) index = n - 1;
    }
    if (index < 0) return { kind: 'noSuchSheet', message: want };
    if (nonBlank[index] === 0) return { kind: 'emptySheet', message: sheets[index]!.name };
    return index;
  }
  index = sheets.findIndex((s) => !s.hidden && s.rows > 0);
  if (index < 0) index = sheets.findIndex((s) => s.rows > 0);
  if (index < 0) index = nonBlank.findIndex((n) => n > 0); // a header alone: read it, and say so
  return index < 0 ? { kind: 'noData', message: '' } : index;
}

/**
 * The sheets (by index) whose name is `want` once the spaces around both are set aside: those that match
 * in case too when there are any (" Spaces " and " spaces" for "Spaces": the first), else those that
 * match ignoring case.
 */
function sheetsNamedLike(sheets: SheetSummary[], want: string): number[] {
  const trimmed = want.trim();
  const sameCase = sheets.flatMap((s, i) => (s.name.trim() === trimmed ? [i] : []));
  if (sameCase.length) return sameCase;
  return sheets.flatMap((s, i) => (s.name.trim().toLowerCase() === trimmed.toLowerCase() ? [i] : []));
}
