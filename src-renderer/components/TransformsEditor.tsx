import type { LookupEntity, Transform } from '../../src-shared/mapping/types';
import { connectionsSelectors, useConnectionsStore } from '../stores/connectionsStore';

interface Props {
  fieldKey: string;
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
  { kind: 'lookup', label: 'Look up the id (synced catalog)' },
];

/**
 * What a lookup reads: course titles or learner emails, in the catalog synced from the mapping's own
 * connection, or from another connection of the same API (e.g. titles from production while the rows
 * go to a staging LMS with the same catalog).
 */
const LOOKUPS: { entity: LookupEntity; from: 'title' | 'email'; label: string }[] = [
  { entity: 'coursepath.course', from: 'title', label: 'Coursepath course title → course ID' },
  { entity: 'coursepath.member', from: 'email', label: 'Coursepath member email → member ID' },
  { entity: 'coassemble.course', from: 'title', label: 'Coassemble course title → course ID' },
  { entity: 'coassemble.user', from: 'email', label: 'Coassemble user email → identifier' },
];

const apiOf = (entity: LookupEntity) => entity.split('.')[0] as 'coursepath' | 'coassemble';

function blank(kind: Transform['kind']): Transform {
  switch (kind) {
    case 'default':
      return { kind, value: '' };
    case 'split':
      return { kind, separator: ' ', index: 0 };
    case 'map':
      return { kind, table: {} };
    case 'lookup': // course title / learner email → id through a synced catalog (see src-main/sync/lookups.ts)
      return { kind, entity: 'coursepath.course', from: 'title', connectionId: '' }; // '' = the mapping's connection
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
export function TransformsEditor({ fieldKey, transforms, onChange }: Props) {
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
          {t.kind === 'lookup' && (
            <>
              <select
                aria-label="Look up"
                data-testid={`lookup-${fieldKey}`}
                value={t.entity}
                onChange={(e) => {
                  const l = LOOKUPS.find((x) => x.entity === e.target.value)!;
                  // A catalog of the other API cannot answer: back to the mapping's own connection.
                  const keep = connections.find((c) => c.id === t.connectionId)?.api === apiOf(l.entity);
                  replace(i, {
                    ...t,
                    entity: l.entity,
                    from: l.from,
                    connectionId: keep ? t.connectionId : '',
                  });
                }}
              >
                {LOOKUPS.map((l) => (
                  <option key={l.entity} value={l.entity}>
                    {l.label}
                  </option>
                ))}
              </select>
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
          if (e.target.value) onChange([...transforms, blank(e.target.value as Transform['kind'])]);
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
