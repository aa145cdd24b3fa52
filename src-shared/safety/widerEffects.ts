// Row values that destroy more than the template's phrase says. "DELETE 3 users on Acme" is the
// template's own consequence; a row of `coassemble.users.delete` whose "Courses of the user" is
// `delete` also deletes every course that user owns, and learners lose them — the file chose it per
// row, but the phrase and the dialog did not name it (an audit found the wording only in the field's
// help). Counted over the rows a run would send and said beside the phrase, before anything leaves.
import type { BuiltRequest } from '../mapping/types';
import { sentValue } from '../connectors/rowIdempotent';
import type { Template } from '../connectors/types';

interface WiderEffect {
  /** The field (its key) and the value that does more. */
  field: string;
  value: string;
  /** What the rows with it do, said once for `rows` of them. */
  words(rows: number): string;
}

const WIDER: Readonly<Record<string, readonly WiderEffect[]>> = {
  'coassemble.users.delete': [
    {
      field: 'action',
      value: 'delete',
      words: (n) =>
        `${n === 1 ? '1 of these rows also deletes its user’s' : `${n} of these rows also delete their users’`} own courses ` +
        '("Courses of the user" = delete): learners lose those courses.',
    },
  ],
};

/** The keys (`field=value`) of the wider effects this built row has; [] for most templates. */
export function widerEffectsOf(template: Template, built: BuiltRequest): string[] {
  const choices = WIDER[template.id];
  if (!choices) return [];
  return choices
    .filter((c) => sentValue(template, built, c.field)?.trim().toLowerCase() === c.value)
    .map((c) => `${c.field}=${c.value}`);
}

/** The sentences for counted effects (`field=value` → rows), in the template's order. */
export function widerEffectWords(
  template: Pick<Template, 'id'>,
  counts: ReadonlyMap<string, number>,
): string[] {
  return (WIDER[template.id] ?? []).flatMap((c) => {
    const n = counts.get(`${c.field}=${c.value}`) ?? 0;
    return n > 0 ? [c.words(n)] : [];
  });
}
