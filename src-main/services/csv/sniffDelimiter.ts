// The delimiter: guessed from the first rows when the admin did not choose one, and a chosen one checked.
import { AppError } from '../../../src-shared/contract/errors';
import { papa } from './papaparse';
import { delimiterProblem, MAX_DELIMITER_LENGTH } from '../../../src-shared/dataset/delimiter';
import type { PapaResult } from './readCsvFile';
import { isBlank, MAX_COLUMNS } from './tableBuilder';

const CANDIDATE_DELIMITERS = [',', ';', '\t', '|'] as const;

/**
 * Picks the delimiter that splits the first rows most consistently: for each candidate, the share of
 * the first 100 non-blank rows with as many cells as the first one, then the most columns; a
 * candidate giving the first row a single cell never wins, unless every row after it splits into the
 * same cells (a title line above the header). No winner means a one-column file (",").
 */
export function sniffDelimiter(text: string, complete: boolean): string {
  let best: string = ',';
  let bestScore = -1;
  let bestConsistent = -1;
  let bestWhole = false;
  for (const delimiter of CANDIDATE_DELIMITERS) {
    const parser = new (papa().Parser)({ delimiter, newline: '\n', quoteChar: '"', preview: 101 });
    const data = (parser.parse(text, 0, false) as PapaResult).data;
    if (!complete && data.length > 1) data.pop(); // probably cut off by the end of the sample
    let rows = data.filter((r) => !isBlank(r));
    // A title line above the header ("Users") has no delimiter to count: when every row under it splits
    // alike, those rows decide. (A one-column list with a stray ; in one name is not split for it.)
    let whole = true;
    if (
      rows[0]?.length === 1 &&
      rows.length > 2 &&
      rows[1]!.length > 1 &&
      rows.slice(1).every((r) => r.length === rows[1]!.length)
    ) {
      rows = rows.slice(1);
      whole = false;
    }
    const n = rows[0]?.length ?? 0;
    if (n < 2) continue;
    const consistent = rows.filter((r) => r.length === n).length / rows.length;
    const score = consistent * 1e6 + Math.min(n, MAX_COLUMNS);
    // As consistent, one that splits the first row too beats one that sets it aside as a title, however many
    // cells each makes: a semicolon file whose names ("Lee, Ann") and decimals (12,5) hold commas splits its
    // rows at commas as evenly as at semicolons, but its header only at semicolons.
    const better = consistent === bestConsistent && whole !== bestWhole ? whole : score > bestScore;
    if (better) {
      best = delimiter;
      bestScore = score;
      bestConsistent = consistent;
      bestWhole = whole;
    }
  }
  return best;
}

export function checkDelimiterOption(d: string): void {
  const problem = typeof d === 'string' ? delimiterProblem(d) : 'a delimiter must be text';
  if (problem) {
    throw new AppError(
      'INVALID_INPUT',
      `${problem[0]!.toUpperCase()}${problem.slice(1)}. A delimiter is any text of up to ${MAX_DELIMITER_LENGTH} characters ` +
        'without quotes or line breaks, such as , ; | or a tab.',
      { field: 'delimiter' },
    );
  }
}
