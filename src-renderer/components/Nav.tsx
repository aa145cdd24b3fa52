export interface NavItem<S extends string = string> {
  screen: S;
  label: string;
  /** A short status under the label, e.g. the file name or "3 fields missing". */
  hint?: string;
  step?: number;
}

interface Props<S extends string> {
  items: readonly NavItem<S>[];
  current: S;
  onGo: (screen: S) => void;
}

/** The left-hand list of steps. Every step is reachable; a step with nothing to show says what to do. */
export function Nav<S extends string>({ items, current, onGo }: Props<S>) {
  return (
    <nav className="nav" aria-label="Steps">
      <ol>
        {items.map((it) => (
          <li key={it.screen}>
            <button
              type="button"
              data-testid={`nav-${it.screen}`}
              aria-current={current === it.screen ? 'page' : undefined}
              onClick={() => onGo(it.screen)}
            >
              {it.step !== undefined && (
                <span className="step-num" aria-hidden="true">
                  {it.step}
                </span>
              )}
              <span className="nav-text">
                <span className="nav-label">{it.label}</span>
                {it.hint && <span className="nav-hint">{it.hint}</span>}
              </span>
            </button>
          </li>
        ))}
      </ol>
    </nav>
  );
}
