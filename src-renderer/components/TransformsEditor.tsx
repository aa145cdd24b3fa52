import type { LookupEntity, LookupKey, Transform } from '../../src-shared/mapping/types';
import { lookupFor } from '../../src-shared/mapping/suggestLookup';
import { connectionsSelectors, useConnectionsStore } from '../stores/connectionsStore';

interface Props {
  fieldKey: string;
  /** The mapping's API: a lookup added by hand starts as the one that answers `fieldKey` on it. */
  api: 'coursepath' | 'coassemble';
  transforms: readonly Transform[];
  onChange: (next: Transform[]) => void;
}

const KINDS: { kind: Transform['kind']; label: string }[] = [
  { kind: 'trim', label: 'Trim spaces' },
  { kind: 'lower', label: 'lower case' },
  { kind: 'upper', label: 'UPPER CASE' },
  { kind: 'default', label: 'Default when empty' },
  { kind: 'split', label: 'Split and take part' },
  { kind: 'map', label: 'Replace values' },
  { kind: 'dateFormat', label: 'Date format' },
  { kind: 'regexReplace', label: 'Regex replace' },
  { kind: 'conditional', label: 'If empty / if equals' },
  { kind: 'lookup', label: 'Look up the id (synced catalog)' },
];

/** Common date spellings, offered as suggestions (any pattern of YYYY YY MMMM MMM MM M DD D HH mm ss works). */
const DATE_PATTERNS = [
  'DD/MM/YYYY',
  'D/M/YYYY',
  'MM/DD/YYYY',
  'M/D/YYYY',
  'YYYY-MM-DD',
  'DD.MM.YYYY',
  'DD-MM-YYYY',
  'D MMM YYYY',
  'D MMMM YYYY',
  'YYYY-MM-DDTHH:mm:ss',
];

/**
 * What a lookup reads: course titles or learner emails, in the catalog synced from the mapping's own
 * connection, or from another connection of the same API (e.g. titles from production while the rows
 * go to a staging LMS with the same catalog).
 */
const LOOKUPS: { value: string; entity: LookupEntity; from: LookupKey; to?: 'name'; label: string }[] = [
  {
    value: 'coursepath.course',
    entity: 'coursepath.course',
    from: 'title',
    label: 'Coursepath course title → course ID',
  },
  {
    value: 'coursepath.member',
    entity: 'coursepath.member',
    from: 'email',
    label: 'Coursepath member email → member ID',
  },
  {
    value: 'coursepath.program',
    entity: 'coursepath.program',
    from: 'title',
    label: 'Coursepath program title → program ID',
  },
  {
    value: 'coursepath.group',
    entity: 'coursepath.group',
    from: 'name',
    label: 'Coursepath group name → group ID',
  },
  {
    value: 'coursepath.group:name',
    entity: 'coursepath.group',
    from: 'name',
    to: 'name',
    label: 'Coursepath group name → the name as the academy spells it (unknown names stop the row)',
  },
  {
    value: 'coassemble.course',
    entity: 'coassemble.course',
    from: 'title',
    label: 'Coassemble course title → course ID',
  },
  {
    value: 'coassemble.user',
    entity: 'coassemble.user',
    from: 'email',
    label: 'Coassemble user email → identifier',
  },
];
const lookupValueOf = (t: Extract<Transform, { kind: 'lookup' }>) =>
  t.to === 'name' ? `${t.entity}:name` : t.entity;

const apiOf = (entity: LookupEntity) => entity.split('.')[0] as 'coursepath' | 'coassemble';

function blank(kind: Transform['kind'], api: Props['api'], fieldKey: string): Transform {
  switch (kind) {
    case 'default':
      return { kind, value: '' };
    case 'split':
      return { kind, separator: ' ', index: 0 };
    case 'map':
      return { kind, table: {} };
    case 'dateFormat':
      return { kind, from: 'DD/MM/YYYY', to: 'YYYY-MM-DD' };
    case 'regexReplace':
      return { kind, pattern: '', flags: 'g', replacement: '' };
    case 'conditional':
      return { kind, test: 'empty', value: '', then: '', otherwise: null };
    case 'lookup': // course title / learner email → id through a synced catalog (see src-main/sync/lookups.ts)
      return lookupFor(api, fieldKey);
    default:
      return { kind };
  }
}

const tableToText = (t: Record<string, string>) =>
  Object.entries(t)
    .map(([k, v]) => `${k}=${v}`)
    .join('\n');
function textToTable(text: string): Record<string, string> {
  const table: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) table[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return table;
}

/** The chain of transforms applied, in order, to a column's or template's value. */
export function TransformsEditor({ fieldKey, api, transforms, onChange }: Props) {
  const connections = useConnectionsStore(connectionsSelectors.items);
  const replace = (i: number, t: Transform) => onChange(transforms.map((x, n) => (n === i ? t : x)));
  const remove = (i: number) => onChange(transforms.filter((_, n) => n !== i));
  return (
    <div className="transforms">
      {transforms.map((t, i) => (
        <div key={i} className="transform" aria-label={`Transform ${i + 1}`}>
          <span className="transform-name">{KINDS.find((k) => k.kind === t.kind)?.label}</span>
          {t.kind === 'default' && (
            <input
              aria-label="Default value"
              value={t.value}
              onChange={(e) => replace(i, { ...t, value: e.target.value })}
            />
          )}
          {t.kind === 'split' && (
            <>
              <label>
                on
                <input
                  className="narrow"
                  aria-label="Separator"
                  value={t.separator}
                  onChange={(e) => replace(i, { ...t, separator: e.target.value || ' ' })}
                />
              </label>
              <label>
                part
                <input
                  className="narrow"
                  type="number"
                  aria-label="Part number (1 = first)"
                  min={1}
                  value={t.index + 1}
                  onChange={(e) =>
                    replace(i, { ...t, index: Math.max(0, (Number(e.target.value) || 1) - 1) })
                  }
                />
              </label>
            </>
          )}
          {t.kind === 'dateFormat' && (
            <>
              <label>
                from
                <input
                  className="narrow-wide"
                  aria-label="Date written as"
                  list="date-patterns"
                  data-testid={`date-from-${fieldKey}`}
                  value={t.from}
                  onChange={(e) => replace(i, { ...t, from: e.target.value })}
                />
              </label>
              <label>
                to
                <input
                  className="narrow-wide"
                  aria-label="Date sent as"
                  list="date-patterns"
                  data-testid={`date-to-${fieldKey}`}
                  value={t.to}
                  onChange={(e) => replace(i, { ...t, to: e.target.value })}
                />
              </label>
              <datalist id="date-patterns">
                {DATE_PATTERNS.map((p) => (
                  <option key={p} value={p} />
                ))}
              </datalist>
            </>
          )}
          {t.kind === 'regexReplace' && (
            <>
              <label>
                /
                <input
                  aria-label="Regular expression"
                  data-testid={`regex-pattern-${fieldKey}`}
                  spellCheck={false}
                  value={t.pattern}
                  placeholder="[^0-9]"
                  onChange={(e) => replace(i, { ...t, pattern: e.target.value })}
                />
                /
                <input
                  className="narrow"
                  aria-label="Flags (g, i, m, s, u)"
                  value={t.flags}
                  onChange={(e) => replace(i, { ...t, flags: e.target.value.replace(/[^gimsu]/g, '') })}
                />
              </label>
              <label>
                with
                <input
                  aria-label="Replacement ($1 for a group)"
                  data-testid={`regex-replacement-${fieldKey}`}
                  spellCheck={false}
                  value={t.replacement}
                  onChange={(e) => replace(i, { ...t, replacement: e.target.value })}
                />
              </label>
            </>
          )}
          {t.kind === 'conditional' && (
            <>
              <select
                aria-label="Condition"
                data-testid={`conditional-test-${fieldKey}`}
                value={t.test}
                onChange={(e) => replace(i, { ...t, test: e.target.value as 'empty' | 'equals' })}
              >
                <option value="empty">if empty</option>
                <option value="equals">if it equals (case and spaces ignored)</option>
              </select>
              {t.test === 'equals' && (
                <input
                  aria-label="Equals"
                  data-testid={`conditional-value-${fieldKey}`}
                  value={t.value}
                  onChange={(e) => replace(i, { ...t, value: e.target.value })}
                />
              )}
              <label>
                then
                <input
                  aria-label="Then send"
                  data-testid={`conditional-then-${fieldKey}`}
                  value={t.then}
                  onChange={(e) => replace(i, { ...t, then: e.target.value })}
                />
              </label>
              <label>
                <input
                  type="checkbox"
                  aria-label="Otherwise send another value"
                  checked={t.otherwise !== null}
                  onChange={(e) => replace(i, { ...t, otherwise: e.target.checked ? '' : null })}
                />
                else
              </label>
              {t.otherwise === null ? (
                <span className="muted">keep it</span>
              ) : (
                <input
                  aria-label="Otherwise send"
                  data-testid={`conditional-otherwise-${fieldKey}`}
                  value={t.otherwise}
                  onChange={(e) => replace(i, { ...t, otherwise: e.target.value })}
                />
              )}
            </>
          )}
          {t.kind === 'lookup' && (
            <>
              <select
                aria-label="Look up"
                data-testid={`lookup-${fieldKey}`}
                value={lookupValueOf(t)}
                onChange={(e) => {
                  const l = LOOKUPS.find((x) => x.value === e.target.value)!;
                  // A catalog of the other API cannot answer: back to the mapping's own connection.
                  const keep = connections.find((c) => c.id === t.connectionId)?.api === apiOf(l.entity);
                  const { to: _to, state: _state, ...rest } = t;
                  replace(i, {
                    ...rest,
                    entity: l.entity,
                    from: l.from,
                    connectionId: keep ? t.connectionId : '',
                    ...(l.to ? { to: l.to } : {}),
                    ...(l.entity === 'coassemble.course' && t.state === 'deleted'
                      ? { state: 'deleted' as const }
                      : {}),
                  });
                }}
              >
                {LOOKUPS.map((l) => (
                  <option key={l.value} value={l.value}>
                    {l.label}
                  </option>
                ))}
              </select>
              {t.entity === 'coassemble.course' && (
                <label>
                  <input
                    type="checkbox"
                    data-testid={`lookup-deleted-${fieldKey}`}
                    checked={t.state === 'deleted'}
                    onChange={(e) => {
                      const { state: _state, ...rest } = t;
                      replace(i, e.target.checked ? { ...rest, state: 'deleted' } : rest);
                    }}
                  />
                  among deleted courses (to restore them)
                </label>
              )}
              <label>
                in the catalog of{' '}
                <select
                  aria-label="Catalog of"
                  data-testid={`lookup-connection-${fieldKey}`}
                  value={t.connectionId}
                  onChange={(e) => replace(i, { ...t, connectionId: e.target.value })}
                >
                  <option value="">this mapping's connection</option>
                  {connections
                    .filter((c) => c.api === apiOf(t.entity))
                    .map((c) => (
                      <option key={c.id} value={c.id}>
                        {c.name}
                      </option>
                    ))}
                </select>
              </label>
            </>
          )}
          {t.kind === 'map' && (
            <textarea
              aria-label="Replacements, one per line as from=to"
              placeholder={'Y=true\nN=false'}
              rows={3}
              defaultValue={tableToText(t.table)}
              onBlur={(e) => replace(i, { ...t, table: textToTable(e.target.value) })}
            />
          )}
          <button
            type="button"
            className="icon-button"
            onClick={() => remove(i)}
            aria-label="Remove transform"
          >
            ×
          </button>
        </div>
      ))}
      <select
        className="add-transform"
        aria-label={`Add a transform to ${fieldKey}`}
        value=""
        onChange={(e) => {
          if (e.target.value) onChange([...transforms, blank(e.target.value as Transform['kind'], api, fieldKey)]);
        }}
      >
        <option value="">+ transform…</option>
        {KINDS.map((k) => (
          <option key={k.kind} value={k.kind}>
            {k.label}
          </option>
        ))}
      </select>
    </div>
  );
}
