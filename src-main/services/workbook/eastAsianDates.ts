// Excel's East Asian built-in dates in an .xls file, which SheetJS's .xls reader leaves without a format.
import * as XLSX from '@e965/xlsx';

/** Excel's East Asian built-in dates (Japanese, Chinese, Korean), named in a file by number alone. */
const EAST_ASIAN_DATES = [27, 28, 29, 30, 31, 36, 50, 51, 52, 53, 54, 55, 56, 57, 58];

/**
 * An .xls file (BIFF) names those built-ins by number in its cell styles too, and SheetJS's reader of it gives
 * such a cell no format at all, only its stand-in text (1/15/24; for 36 the number, as General), and the
 * workbook no bookType: their cells came in as 1/15/24. Given the short date's text for each id before the file
 * is read, every such cell names it, and comes as the short date does (yyyy-mm-dd). The .xls reader starts
 * from the formatter's table as it is (the .xlsx one starts afresh, and learns the stand-in from its first
 * cell: standInFormat); a FORMAT record of the file's own for one of these ids replaces it, as it should.
 */
export function nameEastAsianDates(): void {
  for (const id of EAST_ASIAN_DATES) XLSX.SSF.load('m/d/yy', id);
}
