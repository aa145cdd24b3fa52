// One step of a recipe being built: its action, what it repeats over, when it runs, where each field comes
// from (the file's columns, `@value`, or a field an earlier step captured), and — beside it — the live
// request this step sends for the previewed row, as main builds it.
import type { RecipePreviewDto } from '../../src-shared/contract/api';
import type { Template } from '../../src-shared/connectors/types';
import type { FieldSource } from '../../src-shared/mapping/types';
import type { RecipeStep } from '../../src-shared/recipes/types';
import { columnNameShown } from './columnNameShown';
import { FieldMapper } from './FieldMapper';
import { StepRequests } from './RequestView';

interface Props {
  step: RecipeStep;
  index: number;
  count: number;
  templates: readonly Template[];
  /** The file's columns, then the recipe's values this step may read (`@value`, earlier captures). */
  columns: readonly string[];
  virtualColumns: readonly string[];
  preview: RecipePreviewDto['steps'][number] | null;
  /** Why this step's preview holds no request (the recipe's problems: stepNotBuilt), else null. */
  notBuilt: string | null;
  previewRow: number;
  /** Switched off for the next run (optional steps only). */
  off: boolean;
  onChange: (patch: Partial<RecipeStep>) => void;
  onField: (field: string, source: FieldSource) => void;
  onTemplate: (templateId: string) => void;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
  onSwitchOff: (off: boolean) => void;
}

export function RecipeStepCard(p: Props) {
  const { step, index } = p;
  const template = p.templates.find((t) => t.id === step.template) ?? null;
  const id = `step-${index}`;
  const when = step.when;
  const whenKind = !when ? '' : 'notEmpty' in when ? 'notEmpty' : 'equals';
  const all = [...p.columns, ...p.virtualColumns];
  return (
    <section
      className={`card recipe-step${p.off ? ' step-off' : ''}`}
      aria-labelledby={`${id}-title`}
      data-testid={`recipe-step-${step.id}`}
    >
      <header className="recipe-step-head">
        <span className="step-num" aria-hidden="true">
          {index + 1}
        </span>
        <h3 id={`${id}-title`} className="visually-hidden-file">
          Step {index + 1}: {step.name}
        </h3>
        <label className="inline-field">
          Step
          <input
            data-testid="step-name"
            value={step.name}
            aria-label={`Name of step ${index + 1}`}
            onChange={(e) => p.onChange({ name: e.target.value })}
          />
        </label>
        <label className="inline-field">
          Action
          <select
            data-testid="step-template"
            value={step.template}
            onChange={(e) => p.onTemplate(e.target.value)}
          >
            {p.templates.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
                {t.danger === 'destructive' ? ' (destructive)' : ''}
              </option>
            ))}
          </select>
        </label>
        <span className="muted small">
          id <code>{step.id}</code>
          {template?.capture
            ? ` · captures ${Object.keys(template.capture).join(', ')} as @${step.id}.…`
            : ''}
        </span>
        <span className="toolbar-sep" aria-hidden="true" />
        <button
          type="button"
          className="icon-button"
          disabled={index === 0}
          onClick={() => p.onMove(-1)}
          aria-label={`Move step ${index + 1} up`}
        >
          ↑
        </button>
        <button
          type="button"
          className="icon-button"
          disabled={index === p.count - 1}
          onClick={() => p.onMove(1)}
          aria-label={`Move step ${index + 1} down`}
        >
          ↓
        </button>
        <button
          type="button"
          className="icon-button"
          disabled={p.count === 1}
          onClick={p.onRemove}
          aria-label={`Remove step ${index + 1}`}
        >
          ✕
        </button>
      </header>

      <div className="recipe-step-rules">
        <label className="inline-field">
          Once per value of
          <select
            data-testid="step-foreach"
            value={step.forEach?.column ?? ''}
            onChange={(e) =>
              p.onChange({
                forEach: e.target.value
                  ? { column: e.target.value, separator: step.forEach?.separator ?? ';' }
                  : undefined,
              })
            }
          >
            <option value="">— once per row —</option>
            {p.columns.map((c) => (
              <option key={c} value={c}>
                {columnNameShown(c)}
              </option>
            ))}
          </select>
        </label>
        {step.forEach && (
          <label className="inline-field">
            separated by
            <input
              className="short"
              value={step.forEach.separator}
              aria-label="Separator between the listed values"
              onChange={(e) =>
                e.target.value && p.onChange({ forEach: { ...step.forEach!, separator: e.target.value } })
              }
            />
          </label>
        )}
        <label className="inline-field">
          Only when
          <select
            data-testid="step-when"
            value={when?.column ?? ''}
            onChange={(e) =>
              p.onChange({ when: e.target.value ? { column: e.target.value, notEmpty: true } : undefined })
            }
          >
            <option value="">— every row —</option>
            {p.columns.map((c) => (
              <option key={c} value={c}>
                {columnNameShown(c)}
              </option>
            ))}
          </select>
        </label>
        {when && (
          <>
            <select
              aria-label="Condition"
              value={whenKind}
              onChange={(e) =>
                p.onChange({
                  when:
                    e.target.value === 'equals'
                      ? { column: when.column, equals: 'yes' }
                      : { column: when.column, notEmpty: true },
                })
              }
            >
              <option value="notEmpty">is not empty</option>
              <option value="equals">equals</option>
            </select>
            {'equals' in when && (
              <input
                className="short"
                aria-label="Value the cell must equal"
                value={when.equals}
                onChange={(e) => p.onChange({ when: { column: when.column, equals: e.target.value } })}
              />
            )}
          </>
        )}
        <label className="inline">
          <input
            type="checkbox"
            checked={!!step.optional}
            onChange={(e) => p.onChange({ optional: e.target.checked || undefined })}
          />{' '}
          Optional
        </label>
        {step.optional && (
          <label className="inline">
            <input
              type="checkbox"
              data-testid="step-off"
              checked={p.off}
              onChange={(e) => p.onSwitchOff(e.target.checked)}
            />{' '}
            Switch off for this run
          </label>
        )}
      </div>

      <div className="recipe-step-body">
        <div className="fields">
          {template?.fields.map((f) => (
            <FieldMapper
              key={f.key}
              field={f}
              api={template.api}
              source={step.mapping.fields[f.key] ?? { kind: 'none' }}
              columns={all}
              auto={false}
              onChange={(source) => p.onField(f.key, source)}
            />
          ))}
        </div>
        <aside
          className="recipe-step-live"
          aria-label={`Request of step ${index + 1} for row ${p.previewRow}`}
          data-testid="step-live"
        >
          <h4>Row {p.previewRow} sends</h4>
          {p.off && <p className="muted">Switched off for this run.</p>}
          {!p.off && !p.preview && <p className="muted">Choose a connection to see the request.</p>}
          {!p.off && p.notBuilt && (
            <p className="muted" data-testid="step-not-built">
              {p.notBuilt}
            </p>
          )}
          {!p.off && p.preview && <StepRequests items={p.preview.items} fields={template?.fields} />}
        </aside>
      </div>
    </section>
  );
}
