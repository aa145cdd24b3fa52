// The cells whose text hides something (cellText.ts's problems), tallied as the sheet's rows go by: what the
// worker's `done` message carries for the warnings readWorkbookFile.ts writes.
import type { CellText } from './cellText.ts';
import { count, letters, SHOWN } from './sheetFindings.ts';
import type { WorkerMessage } from './workerMessages.ts';

type Done = Extract<WorkerMessage, { type: 'done' }>;

/** The cells of each problem: the first few by address (with their text, for errors and unshowable numbers). */
export type CellProblems = Pick<
  Done,
  'noResult' | 'errors' | 'fullDigits' | 'lostDigits' | 'unshowable' | 'unformatted'
>;

export function noProblems(): CellProblems {
  return {
    noResult: { cells: [], count: 0 },
    errors: { cells: [], count: 0 },
    fullDigits: { cells: [], count: 0, formats: [] },
    lostDigits: { cells: [], count: 0 },
    unshowable: { cells: [], count: 0 },
    unformatted: { cells: [], count: 0, formats: [] },
  };
}

/** Counts the cell in column `c` of row `r` (both from 0) when its text hides something. */
export function noteProblem(found: CellProblems, cell: CellText, c: number, r: number): void {
  const { text, problem, shown, format } = cell;
  const { noResult, fullDigits, lostDigits, errors, unshowable, unformatted } = found;
  if (problem === 'noResult') count(noResult, `${letters(c)}${r + 1}`);
  if (problem === 'fullDigits') {
    fullDigits.example ??= { shown: shown!, kept: text };
    if (!fullDigits.formats.includes(format!)) fullDigits.formats.push(format!);
    count(fullDigits, `${letters(c)}${r + 1}`);
  }
  if (problem === 'lostDigits') {
    lostDigits.example ??= { cell: `${letters(c)}${r + 1}`, kept: text };
    count(lostDigits, `${letters(c)}${r + 1}`);
  }
  if (problem === 'error') count(errors, `${letters(c)}${r + 1} (${text})`);
  if (problem === 'unshowable') count(unshowable, `${letters(c)}${r + 1} (${text})`);
  if (problem === 'unformatted') {
    unformatted.example ??= { cell: `${letters(c)}${r + 1}`, kept: text };
    if (!unformatted.formats.includes(format!) && unformatted.formats.length < SHOWN)
      unformatted.formats.push(format!);
    count(unformatted, `${letters(c)}${r + 1}`);
  }
}
