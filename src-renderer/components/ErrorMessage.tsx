import type { AppErrorShape } from '../../src-shared/contract/errors';
import { describeError } from './format';

interface Props {
  error: AppErrorShape | null;
  testId?: string;
  title?: string;
  onDismiss?: () => void;
}

/** An AppError as the admin reads it: where (row, column, field), what, and any per-field issues. */
export function ErrorMessage({ error, testId, title, onDismiss }: Props) {
  if (!error) return null;
  const { where, message } = describeError(error);
  return (
    <div className="error-box" role="alert" data-testid={testId} data-code={error.code}>
      <div className="error-text">
        {title && <strong>{title} </strong>}
        {where && <span className="error-where">{where}: </span>}
        <span className="error-message">{message}</span>
        {error.details?.issues && error.details.issues.length > 0 && (
          <ul>
            {error.details.issues.map((i, n) => (
              <li key={n}>
                <code>{i.path || 'input'}</code>: {i.message}
              </li>
            ))}
          </ul>
        )}
      </div>
      {onDismiss && (
        <button type="button" className="icon-button" onClick={onDismiss} aria-label="Dismiss error">
          ×
        </button>
      )}
    </div>
  );
}
