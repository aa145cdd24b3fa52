// What History calls each exchange of a row. The stored number counts every exchange (a read before the
// write is 1, its send 2); an admin counts sends, as the audit export does (src-main/db/audit.ts): the
// first send is "Attempt 1", and a read is named by what it was, numbered only when there are several.
import type { AttemptDto } from '../contract/api';

type Kind = AttemptDto['kind'];

const NAME: Record<Kind, string> = {
  send: 'Attempt',
  lookup: 'Lookup',
  dry_run: 'Dry run',
  readback: 'Read back',
  prior: 'Read before',
};

/** One label per exchange, in the order given (the row's attempts, oldest first). */
export function attemptLabels(kinds: readonly Kind[]): string[] {
  const total = new Map<Kind, number>();
  for (const k of kinds) total.set(k, (total.get(k) ?? 0) + 1);
  const seen = new Map<Kind, number>();
  return kinds.map((k) => {
    const n = (seen.get(k) ?? 0) + 1;
    seen.set(k, n);
    return k === 'send' || (total.get(k) ?? 0) > 1 ? `${NAME[k]} ${n}` : NAME[k];
  });
}
