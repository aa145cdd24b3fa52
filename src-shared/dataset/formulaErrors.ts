// What a spreadsheet shows in place of a formula's result when the formula fails: a workbook's error
// cells come in as this text (src-main/services/workbook/workbookWorker.ts), and a CSV saved from a
// spreadsheet holds the same text. Never a value anyone means to send, so a row that would send one is
// invalid (../mapping/applyMapping.ts).

/** Excel's (and Google Sheets' and LibreOffice's) error values, newest ones included. */
const ERRORS: ReadonlySet<string> = new Set([
  '#NULL!',
  '#DIV/0!',
  '#VALUE!',
  '#REF!',
  '#NAME?',
  '#NUM!',
  '#N/A',
  '#GETTING_DATA',
  '#SPILL!',
  '#CALC!',
  '#FIELD!',
  '#BLOCKED!',
  '#CONNECT!',
  '#BUSY!',
  '#UNKNOWN!',
  '#PYTHON!',
  '#EXTERNAL!',
  '#ERROR', // the workbook reader's own, for an error cell that has no text
  '#WTF?', // SheetJS's, for an error code it does not know
]);

/** LibreOffice shows most errors by number: Err:502. */
const NUMBERED = /^Err:\d{3}$/;

/** The formula error a cell shows (trimmed), or null when it holds a value. */
export function formulaError(cell: string): string | null {
  if (cell.length > 24) return null; // cheap: most cells are not, and every error is short
  const t = cell.trim();
  return ERRORS.has(t) || NUMBERED.test(t) ? t : null;
}
