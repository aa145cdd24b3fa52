// A form body edited as name/value rows, so a test payload is never hand-encoded: the rows are encoded
// exactly as the builder encodes them (src-shared/mapping/formBody.ts).
//
// A plain table of inputs rather than an editable grid library (AG Grid, TanStack Table, Handsontable):
// a request body has a handful of fields, and what those libraries add — virtual scrolling, sorting,
// column resizing, cell editors — is nothing a few text inputs need, while their keyboard model would
// replace the browser's own tab order and labels.
import type { FormPair } from '../../src-shared/mapping/formBody';

interface Props {
  pairs: readonly FormPair[];
  onChange: (pairs: FormPair[]) => void;
  testId?: string;
}

export function FormBodyEditor({ pairs, onChange, testId }: Props) {
  const set = (i: number, pair: FormPair) => onChange(pairs.map((p, n) => (n === i ? pair : p)));
  return (
    <div className="form-editor" data-testid={testId}>
      <table className="kv">
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">Value</th>
            <th scope="col">
              <span className="sr-only">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {pairs.map(([name, value], i) => (
            <tr key={i}>
              <td>
                <input
                  aria-label={`Field ${i + 1} name`}
                  data-testid={`form-name-${i}`}
                  value={name}
                  spellCheck={false}
                  onChange={(e) => set(i, [e.target.value, value])}
                />
              </td>
              <td>
                <input
                  aria-label={`Field ${i + 1} value${name ? ` (${name})` : ''}`}
                  data-testid={`form-value-${i}`}
                  value={value}
                  spellCheck={false}
                  onChange={(e) => set(i, [name, e.target.value])}
                />
              </td>
              <td>
                <button
                  type="button"
                  className="icon-button"
                  aria-label={`Remove field ${name || i + 1}`}
                  onClick={() => onChange(pairs.filter((_, n) => n !== i))}
                >
                  ×
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" className="small" onClick={() => onChange([...pairs, ['', '']])}>
        + field
      </button>
    </div>
  );
}
