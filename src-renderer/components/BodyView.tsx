// A request or response body as the admin reads it: a form body as a table of its fields, decoded
// (`name=Nguy%E1%BB%85n+O%27Brien` shows as name | Nguyễn O'Brien), JSON pretty-printed, anything else as
// sent. Shared by Preview, the Map screen's request panel and History (pass the request's headers so the
// body is read by its Content-Type; without headers a body is shown as JSON when it parses).
import { isFormType, isJsonType, parseFormBody } from '../../src-shared/mapping/formBody';
import { prettyBody } from './format';

interface Props {
  body: string | null;
  /** The headers sent with it (their Content-Type decides how it is read). */
  headers?: Readonly<Record<string, string>>;
  /** Shown when there is no body. */
  empty?: string;
  testId?: string;
  label?: string;
}

export function BodyView({ body, headers, empty = 'No body.', testId, label = 'Body' }: Props) {
  if (body === null || body === '') return <p className="muted small">{empty}</p>;
  if (headers && isFormType(headers))
    return (
      <table className="kv form-body" data-testid={testId} aria-label={`${label} (form fields)`}>
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">Value</th>
          </tr>
        </thead>
        <tbody>
          {parseFormBody(body).map(([name, value], i) => (
            <tr key={i}>
              <th scope="row">
                <code>{name}</code>
              </th>
              <td>
                {value === '' ? (
                  <span className="muted">(empty)</span>
                ) : (
                  <span className="value">{value}</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    );
  const text = !headers || isJsonType(headers) ? prettyBody(body) : body;
  return (
    <pre className="body" aria-label={label} data-testid={testId}>
      {text}
    </pre>
  );
}
