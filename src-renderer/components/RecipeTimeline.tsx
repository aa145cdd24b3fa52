// History's view of a recipe job: each row with its steps as a small timeline — one stop per step, one
// mark per item (a step that fans out has one per listed value) — coloured by outcome, with the reason a
// step failed and what it blocked written under the row.
import type { RecipeJobInfo, RecipeRowDto } from '../../src-shared/contract/api';
import { StatusBadge } from './StatusBadge';
import { statusWords } from '../../src-shared/runner/statusWords';

interface Props {
  steps: RecipeJobInfo['steps'];
  rows: RecipeRowDto[];
  onOpenItem: (itemId: number) => void;
}

const OUTCOME: Record<RecipeRowDto['outcome'], string> = {
  done: 'done',
  failed: 'stopped',
  in_doubt: 'in doubt',
  running: 'sending',
  waiting: 'waiting',
};

type Item = RecipeRowDto['steps'][number]['items'][number];
/** The "Row 5, step 2 "Enrol in courses" (value): " an item's error starts with: the timeline says it already. */
const ROW_STEP = /^Row \d+, step \d+ "[^"]*"(?: \([^)]*\))?: /;

function label(it: Item): string {
  if (it.status === 'skipped' && it.skipReason === 'condition') return 'not applicable';
  if (it.status === 'skipped' && it.skipReason === 'alreadySent') return 'already sent';
  if (it.status === 'skipped' && it.skipReason === 'duplicate') return 'repeat';
  return statusWords(it.status);
}

export function RecipeTimeline({ steps, rows, onOpenItem }: Props) {
  return (
    <ol className="recipe-timeline" aria-label="Rows, step by step">
      {rows.map((row) => {
        const problems = row.steps.flatMap((st) =>
          st.items
            .filter((it) => it.status === 'failed' || it.status === 'in_doubt')
            .map((it) => ({ st, it })),
        );
        const blocked = row.steps.flatMap((st) =>
          st.items.filter((it) => it.status === 'blocked').map(() => st.step),
        );
        return (
          <li
            key={row.rowNumber}
            className={`timeline-row outcome-${row.outcome}`}
            data-testid={`timeline-row-${row.rowNumber}`}
            data-outcome={row.outcome}
          >
            <div className="timeline-head">
              <span className="row-tag">Row {row.rowNumber}</span>
              <span className={`timeline-outcome outcome-${row.outcome}`}>{OUTCOME[row.outcome]}</span>
            </div>
            <ol className="timeline-steps">
              {row.steps.map((st) => (
                <li key={st.step} className="timeline-step">
                  <span className="timeline-step-name">{steps[st.step]?.name ?? `Step ${st.step + 1}`}</span>
                  <span className="timeline-items">
                    {st.items.map((it) => (
                      <button
                        type="button"
                        key={it.id}
                        className={`timeline-item item-${it.status}${it.skipReason ? ` skip-${it.skipReason}` : ''}`}
                        title={`${it.fanValue ? `${it.fanValue}: ` : ''}${label(it)}${it.error ? ` — ${it.error}` : it.note ? ` — ${it.note}` : ''}`}
                        aria-label={`Row ${row.rowNumber}, ${steps[st.step]?.name ?? ''}${it.fanValue ? ` ${it.fanValue}` : ''}: ${label(it)}`}
                        data-status={it.status}
                        onClick={() => onOpenItem(it.id)}
                      >
                        <span className="timeline-dot" aria-hidden="true" />
                        <span className="timeline-item-label">
                          {it.fanValue ?? label(it)}
                          {it.captured && Object.values(it.captured)[0] && !it.fanValue
                            ? ` · ${Object.entries(it.captured)[0]!.join(' ')}`
                            : ''}
                        </span>
                      </button>
                    ))}
                  </span>
                </li>
              ))}
            </ol>
            {problems.map(({ st, it }) => (
              <p key={it.id} className="timeline-why error-text small">
                <StatusBadge status={it.status} /> {steps[st.step]?.name}
                {it.fanValue ? ` (${it.fanValue})` : ''}:{' '}
                {(it.error ?? 'no answer was saved').replace(ROW_STEP, '')}
                {blocked.length
                  ? ` — ${blocked.length} later item${blocked.length === 1 ? '' : 's'} of this row blocked.`
                  : ''}
              </p>
            ))}
          </li>
        );
      })}
    </ol>
  );
}
