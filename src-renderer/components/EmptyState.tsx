import type { ReactNode } from 'react';

interface Props {
  title: string;
  children?: ReactNode;
  action?: { label: string; onClick: () => void; testId?: string };
}

/** Says what is missing and what to do next. */
export function EmptyState({ title, children, action }: Props) {
  return (
    <div className="empty-state">
      <h2>{title}</h2>
      {children && <div className="empty-body">{children}</div>}
      {action && (
        <button type="button" className="primary" onClick={action.onClick} data-testid={action.testId}>
          {action.label}
        </button>
      )}
    </div>
  );
}
