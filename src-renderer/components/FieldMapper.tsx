// One template field beside where its value comes from: a column (auto-matched or picked), a constant,
// a template string over several columns, or key → column pairs for key-value fields.
import type { FieldSpec } from '../../src-shared/connectors/types';
import type { LookupSuggestion } from '../../src-shared/mapping/suggestLookup';
import type { FieldSource, Transform } from '../../src-shared/mapping/types';
import { TransformsEditor } from './TransformsEditor';
import { columnNameShown } from './columnNameShown';

interface Props {
  field: FieldSpec;
  /** The mapping's API: what a lookup added by hand looks up in. */
  api: 'coursepath' | 'coassemble';
  source: FieldSource;
  columns: readonly string[];
  auto: boolean;
  /** The first row's value for the chosen column, shown as an example. */
  sample?: string;
  problemCount?: number;
  /** Part of what the row acts on (its key): rows repeating it are duplicates. */
  isKey?: boolean;
  /** A lookup to offer: the column holds titles or emails where the field wants an id. */
  suggestion?: LookupSuggestion | null;
  onChange: (source: FieldSource) => void;
}

const CONSTANT = ':constant';
const TEMPLATE = ':template';
const KEYVALUE = ':keyValue';

function selectValue(s: FieldSource): string {
  switch (s.kind) {
    case 'column':
      return s.column;
    case 'constant':
      return CONSTANT;
    case 'template':
      return TEMPLATE;
    case 'keyValue':
      return KEYVALUE;
    case 'none':
      return '';
  }
}

export function FieldMapper({
  field,
  api,
  source,
  columns,
  auto,
  sample,
  problemCount,
  isKey,
  suggestion,
  onChange,
}: Props) {
  const id = `field-${field.key}`;
  const transforms: Transform[] =
    source.kind === 'column' || source.kind === 'template' ? (source.transforms ?? []) : [];
  const withTransforms = (next: Transform[]) => {
    if (source.kind === 'column' || source.kind === 'template') onChange({ ...source, transforms: next });
  };
  const missing = field.required && source.kind === 'none';

  const choose = (v: string) => {
    if (v === '') onChange({ kind: 'none' });
    // A choice with consequences (optionHelp) is never pre-picked: the admin chooses it.
    else if (v === CONSTANT)
      onChange({ kind: 'constant', value: field.optionHelp ? '' : (field.options?.[0] ?? '') });
    else if (v === TEMPLATE)
      onChange({ kind: 'template', template: source.kind === 'column' ? `{${source.column}}` : '' });
    else if (v === KEYVALUE) onChange({ kind: 'keyValue', entries: [] });
    else onChange({ kind: 'column', column: v, transforms });
  };

  return (
    <div className={`field-row${missing ? ' missing' : ''}`} data-field={field.key}>
      <div className="field-info">
        <label htmlFor={id} className="field-label">
          {field.label}
          {field.required && (
            <span className="required" aria-label="required" title="Required">
              *
            </span>
          )}
        </label>
        <div className="field-meta">
          <code>{field.name}</code> · {field.location} · {field.type}
          {isKey ? ' · identifies the row' : ''}
          {field.options && field.options.length > 0 ? ` · one of ${field.options.join(', ')}` : ''}
        </div>
        <p className="help" id={`${id}-help`}>
          {field.help}
        </p>
        {field.optionHelp && (
          <ul className="option-help" data-testid={`option-help-${field.key}`}>
            {Object.entries(field.optionHelp).map(([o, what]) => (
              <li key={o}>
                <code>{o}</code>: {what}
              </li>
            ))}
          </ul>
        )}
      </div>
      <div className="field-source">
        <div className="source-line">
          <select
            id={id}
            data-testid={`field-source-${field.key}`}
            aria-describedby={`${id}-help`}
            aria-required={field.required}
            aria-invalid={missing}
            value={selectValue(source)}
            onChange={(e) => choose(e.target.value)}
          >
            <option value="">{field.required ? '— choose a column (required) —' : '— not sent —'}</option>
            <optgroup label="Columns">
              {columns.map((c) => (
                <option key={c} value={c}>
                  {columnNameShown(c)}
                </option>
              ))}
            </optgroup>
            <optgroup label="Other">
              <option value={CONSTANT}>Same value for every row…</option>
              <option value={TEMPLATE}>Template from columns…</option>
              {field.type === 'keyValue' && <option value={KEYVALUE}>Key → column pairs…</option>}
            </optgroup>
          </select>
          {auto && source.kind !== 'none' && (
            <span className="chip" title="Chosen by auto-match">
              auto
            </span>
          )}
          {problemCount ? (
            <span className="chip chip-error" title="Rows with a problem in this field">
              {problemCount} row{problemCount === 1 ? '' : 's'} with problems
            </span>
          ) : null}
        </div>
        {missing && (
          <p className="field-error">Required: pick the column that holds {field.label.toLowerCase()}.</p>
        )}
        {suggestion && (source.kind === 'column' || source.kind === 'template') && (
          <div className="suggestion" role="note" data-testid={`lookup-suggestion-${field.key}`}>
            <p>{suggestion.reason}</p>
            <button
              type="button"
              className="small primary"
              data-testid={`apply-lookup-${field.key}`}
              onClick={() =>
                onChange({ ...source, transforms: [...(source.transforms ?? []), suggestion.transform] })
              }
            >
              Look up the {field.label.replace(/ ID$/, ' id').toLowerCase()}
            </button>
          </div>
        )}
        {source.kind === 'column' && sample !== undefined && (
          <p className="sample">
            First row: <code>{sample === '' ? '(empty)' : sample}</code>
          </p>
        )}
        {source.kind === 'constant' &&
          (field.options && field.options.length > 0 ? (
            <select
              aria-label={`${field.label} value for every row`}
              value={source.value}
              data-testid={`field-constant-${field.key}`}
              onChange={(e) => onChange({ kind: 'constant', value: e.target.value })}
            >
              {field.optionHelp && <option value="">— choose what happens (required) —</option>}
              {field.options.map((o) => (
                <option key={o} value={o}>
                  {o}
                </option>
              ))}
            </select>
          ) : field.type === 'boolean' ? (
            <select
              aria-label={`${field.label} value for every row`}
              value={source.value}
              onChange={(e) => onChange({ kind: 'constant', value: e.target.value })}
            >
              <option value="true">true</option>
              <option value="false">false</option>
            </select>
          ) : (
            <input
              aria-label={`${field.label} value for every row`}
              value={source.value}
              placeholder="Value sent for every row"
              onChange={(e) => onChange({ kind: 'constant', value: e.target.value })}
            />
          ))}
        {source.kind === 'constant' && field.optionHelp && (
          <p
            className={/cannot be undone/i.test(field.optionHelp[source.value] ?? '') ? 'warn-text' : 'help'}
            data-testid={`option-consequence-${field.key}`}
          >
            {source.value
              ? `Every row: ${field.optionHelp[source.value] ?? ''}`
              : 'Nothing is sent until you choose: what the LMS does when this is left out is not documented.'}
          </p>
        )}
        {source.kind === 'template' && (
          <input
            aria-label={`${field.label} template`}
            value={source.template}
            placeholder="{first_name} {last_name}"
            onChange={(e) => onChange({ ...source, template: e.target.value })}
          />
        )}
        {source.kind === 'keyValue' && (
          <div className="kv-entries">
            {source.entries.map((entry, i) => (
              <div key={i} className="kv-entry">
                <input
                  aria-label={`Key ${i + 1}`}
                  value={entry.key}
                  placeholder="key"
                  onChange={(e) =>
                    onChange({
                      kind: 'keyValue',
                      entries: source.entries.map((x, n) => (n === i ? { ...x, key: e.target.value } : x)),
                    })
                  }
                />
                <span aria-hidden="true">→</span>
                <select
                  aria-label={`Column for key ${i + 1}`}
                  value={entry.column}
                  onChange={(e) =>
                    onChange({
                      kind: 'keyValue',
                      entries: source.entries.map((x, n) => (n === i ? { ...x, column: e.target.value } : x)),
                    })
                  }
                >
                  {columns.map((c) => (
                    <option key={c} value={c}>
                      {c}
                    </option>
                  ))}
                </select>
                <button
                  type="button"
                  className="icon-button"
                  aria-label={`Remove key ${i + 1}`}
                  onClick={() =>
                    onChange({ kind: 'keyValue', entries: source.entries.filter((_, n) => n !== i) })
                  }
                >
                  ×
                </button>
              </div>
            ))}
            <button
              type="button"
              onClick={() =>
                onChange({
                  kind: 'keyValue',
                  entries: [...source.entries, { key: columns[0] ?? 'key', column: columns[0] ?? '' }],
                })
              }
            >
              + key
            </button>
          </div>
        )}
        {(source.kind === 'column' || source.kind === 'template') && (
          <TransformsEditor fieldKey={field.key} api={api} transforms={transforms} onChange={withTransforms} />
        )}
      </div>
    </div>
  );
}
