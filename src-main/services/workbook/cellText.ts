// One cell of a sheet as the spreadsheet shows it, for the workbook reader's worker (workbookWorker.ts).
//
// Cells arrive as the admin sees them in the spreadsheet: text exactly as typed (leading zeros and long
// ids included), numbers, dates, times and booleans as their number format displays them (SheetJS's
// formatter, with the locale-dependent short date shown as yyyy-mm-dd), a formula's saved result, empty
// cells empty, with exceptions: a number in General (or Text) format comes with the value the cell holds,
// since General shortens it to fit the column (a whole number Excel shows as 1.23457E+11, of 12 digits or more,
// is an id far more often than a measurement; 0.1234567890123 is shown as 0.123456789); and a number in a
// date or time format that no date shows (Excel's ####) keeps its number. Cells that hide
// something (a formula with no saved result, those digits, such a number, a merged range, a number of 16
// digits or more, whose digits after the 15th Excel did not keep) or show a formula error are counted for
// warnings.
import * as XLSX from '@e965/xlsx';
import type { BookFormatting } from '../../../src-shared/numberFormat/bookFormatting.ts';
import { numberShown } from '../../../src-shared/numberFormat/fifteenDigits.ts';
import {
  cannotShow,
  eraShownAs,
  rewrittenFormat,
  SHOWN_AS,
} from '../../../src-shared/numberFormat/formatRewrites.ts';
import { formatName, isGeneral } from '../../../src-shared/numberFormat/formatSyntax.ts';
import { fullValue } from '../../../src-shared/numberFormat/fullValue.ts';
import { formatNumber } from '../../../src-shared/numberFormat/sheetJsFormat.ts';

/** A cell as SheetJS reads it (dense mode, with formulas, stubs and number formats). */
export type Cell =
  { t?: string; v?: unknown; w?: string; f?: string; F?: string; z?: string | number } | null | undefined;

/** What a cell's text hides, for the warnings (workerMessages.ts's `done`). */
export type Problem = 'noResult' | 'error' | 'fullDigits' | 'lostDigits' | 'unshowable' | 'unformatted';

/**
 * One cell as the spreadsheet shows it; `problem` says when that hides something the admin should know
 * (and `shown`, for full digits, what the spreadsheet shows instead; `format`, the format it is named by).
 */
export interface CellText {
  text: string;
  problem?: Problem;
  shown?: string;
  format?: string;
}

/** What a workbook's cells are read with, known once the file is read. */
export interface CellBook extends BookFormatting {
  /** An Excel file (.xlsx, .xls…), where every number names its format (not .ods, HTML, XML). */
  excelFile: boolean;
  /** The character that stands for a CR in the file's text (escapedCarriageReturns.ts), or null. */
  crMark: string | null;
}

/** Reads one cell as the spreadsheet shows it. */
export type CellRead = (c: Cell) => CellText;

/** The reader of a workbook's cells. */
export function cellReader(book: CellBook): CellRead {
  const mark = book.crMark;
  return (c) => {
    const shown = cellShown(c, book);
    if (mark && shown.text.includes(mark)) shown.text = shown.text.replaceAll(mark, '\r');
    return shown;
  };
}

/**
 * The format SheetJS put in place of a built-in one it has no text for, of a number that came without a
 * format: Excel names its language-dependent built-ins by number alone (the East Asian dates, 27–31, 36,
 * 50–58), and SheetJS shows the first cell of each with its own stand-in (m/d/yy: 1/15/24) before it takes the
 * stand-in as the format's text, so the cells after it do name it. The first cell is read as they are.
 */
function standInFormat(c: NonNullable<Cell>, book: CellBook): string | undefined {
  if (
    !book.excelFile ||
    (c.z !== undefined && c.z !== null) ||
    typeof c.w !== 'string' ||
    typeof c.v !== 'number'
  )
    return undefined;
  return Object.keys(SHOWN_AS).find((z) => {
    try {
      return XLSX.SSF.format(z, c.v as number, { date1904: book.date1904 }) === c.w;
    } catch {
      return false;
    }
  });
}

function cellShown(c: Cell, book: CellBook): CellText {
  if (!c) return { text: '' };
  // A formula with no saved value: a stub (sheetStubs) in .xlsx, a value-less cell elsewhere. Not one
  // whose saved result is empty text: .xlsx holds that as a string with an empty value, while LibreOffice
  // saves it in .ods with no value type, only its empty paragraph (<text:p/>, which SheetJS keeps as the
  // stub's displayed text, "\n"); a formula saved unevaluated has no paragraph.
  const formula = c.f !== undefined || c.F !== undefined;
  if (formula && c.w === undefined && (c.t === 'z' || c.v === undefined))
    return { text: '', problem: 'noResult' };
  switch (c.t) {
    case 's':
      return { text: c.v === undefined || c.v === null ? '' : String(c.v) };
    case 'z':
      return { text: '' };
    case 'e':
      return { text: c.w ?? '#ERROR', problem: 'error' };
    case 'b':
      return { text: c.w ?? (c.v ? 'TRUE' : 'FALSE') };
    case 'n': {
      const z = standInFormat(c, book) ?? c.z;
      const format = typeof z === 'string' ? (SHOWN_AS[z] ?? eraShownAs(z, book)) : undefined;
      let shown: string;
      try {
        if (cannotShow(z, c.v as number, book))
          throw new Error('a format SheetJS shows otherwise than Excel');
        const rewritten = rewrittenFormat(z, book);
        shown = format
          ? formatNumber(format, c.v as number, book.date1904)
          : (numberShown(rewritten ?? z, c.v as number, book) ??
            (rewritten === undefined ? c.w : formatNumber(rewritten, c.v as number, book.date1904)) ??
            formatNumber(c.z ?? 'General', c.v as number, book.date1904));
      } catch {
        // A format the formatter does not read (`0.00 %`, a decimal comma typed into it) or shows otherwise than
        // Excel (cannotShow): the number the cell holds, named with its format, rather than no text at all, the
        // wrong text, or the whole import stopped.
        return { text: fullValue(c.v as number), problem: 'unformatted', format: String(c.z) };
      }
      // A number no date or time shows (before 1900, after 9999, a negative time): Excel fills the cell
      // with ####, the formatter gives ''. The number is what the cell holds, so it is kept, and named.
      if (shown === '' && typeof c.v === 'number' && z !== undefined && z !== null && XLSX.SSF.is_date(z)) {
        return { text: XLSX.SSF.format('General', c.v), problem: 'unshowable' };
      }
      if (!isGeneral(c.z)) return withLostDigits(c.v as number, { text: shown }, book);
      // General shortens a number to fit ~11 characters (0.123456789, 12345678901 for 12345678901.5): the
      // value the cell holds is what is sent, so it comes whole (a decimal's digits are not warned about), and
      // one of 16 digits or more with the 15 digits it holds, then zeros, named as such.
      if (!Number.isInteger(c.v) || Math.abs(c.v as number) >= 1e15) {
        return withLostDigits(c.v as number, { text: fullValue(c.v as number) }, book);
      }
      const digits = String(c.v);
      return digits === shown
        ? { text: shown }
        : { text: digits, problem: 'fullDigits', shown, format: formatName(c.z) };
    }
    default:
      return { text: c.w ?? (c.v === undefined || c.v === null ? '' : String(c.v)) };
  }
}

/**
 * A cell's text, with the problem `lostDigits` when it is a number of 16 digits or more written out in digits (of
 * a file whose text SheetJS writes): Excel keeps 15 significant digits of a number, so an id of 16 digits or
 * more kept as a number lost those after the 15th before the file was saved, and the text looks like an id
 * all the same. Not in scientific notation (`0.00E+00`: no one's id), nor an .ods's text (LibreOffice's own).
 */
function withLostDigits(
  v: number,
  shown: { text: string },
  book: CellBook,
): { text: string; problem?: Problem } {
  return book.formattedHere && Math.abs(v) >= 1e15 && /^[^E]*\d[^E]*$/i.test(shown.text)
    ? { ...shown, problem: 'lostDigits' }
    : shown;
}
