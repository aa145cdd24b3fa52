// What `jobs resolve --rows` says of rows it was asked to settle that are not in doubt: each row by its
// number and what it is now ("row 3 is pending (not sent yet)"), or that the job has no such row — the
// admin typed a number, and "not in doubt: rows 3, 9" left them to find out why.
import type { ItemStatus } from '../contract/api';
import { statusWords } from './statusWords';

/** A status as this sentence says it: the words History shows, with what they mean for a decision. */
const GLOSS: Partial<Record<ItemStatus, string>> = {
  pending: ' (not sent yet)',
  sending: ' (its request is out now)',
};

const MAX_NAMED = 20;

/** "row 3 is pending (not sent yet); row 9 is not a row of this job", the first rows named, the rest counted. */
export function notInDoubtWords(
  rows: readonly number[],
  statuses: ReadonlyMap<number, readonly ItemStatus[]>,
): string {
  const one = (row: number) => {
    const s = statuses.get(row);
    if (!s?.length) return `row ${row} is not a row of this job`;
    return `row ${row} is ${s.map((x) => `${statusWords(x)}${GLOSS[x] ?? ''}`).join(' and ')}`;
  };
  const named = rows.slice(0, MAX_NAMED).map(one).join('; ');
  return rows.length > MAX_NAMED ? `${named}; and ${rows.length - MAX_NAMED} more` : named;
}
