// The one way the app asks before something it cannot take back: a modal dialog (native <dialog>, so
// focus stays inside it and Escape closes it) that names what and where. With a `phrase`, the confirm
// button waits until the phrase is typed (case, spacing and punctuation aside: confirmGuard.ts); on a
// sandbox connection the phrase comes typed in, but the dialog is still shown.
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import type { AppErrorShape } from '../../src-shared/contract/errors';
import { isConfirmed } from '../../src-shared/runner/confirmGuard';
import './safety.css';

export interface ConfirmRequest {
  title: string;
  body: ReactNode;
  /** The words on the confirm button, e.g. "Delete 3 courses". */
  confirmLabel: string;
  /** The phrase to type; null when a click is enough (e.g. cancelling a job). */
  phrase: string | null;
  /** Sandbox connections: the phrase is typed in already. */
  prefill?: boolean;
  /** Red confirm button (the default): the action removes or overwrites. */
  danger?: boolean;
  cancelLabel?: string;
  /** Called with the typed phrase (or undefined) when confirmed. */
  onConfirm: (typed: string | undefined) => void;
}

/** Main refused for want of a destructive template's phrase (a resume, a rerun): the phrase it names. */
export const phraseNeeded = (e: AppErrorShape | null): string | null =>
  e?.details?.field === 'confirm' && e.details.phrase ? e.details.phrase : null;

export function ConfirmDialog({ request, onClose }: { request: ConfirmRequest | null; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const [typed, setTyped] = useState('');
  const inputId = useId();
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (request) {
      setTyped(request.prefill && request.phrase ? request.phrase : '');
      if (!d.open) d.showModal();
    } else if (d.open) d.close();
  }, [request]);

  const ok = request ? isConfirmed(request.phrase, typed) : false;
  return (
    <dialog
      ref={ref}
      className="confirm-dialog"
      data-testid="confirm-dialog"
      aria-labelledby={`${inputId}-title`}
      onClose={onClose}
    >
      {request && (
        <form
          method="dialog"
          onSubmit={(e) => {
            e.preventDefault();
            if (!ok) return;
            request.onConfirm(request.phrase ? typed : undefined);
            onClose();
          }}
        >
          <h2 id={`${inputId}-title`}>{request.title}</h2>
          <div className="confirm-body">{request.body}</div>
          {request.phrase && (
            <label htmlFor={inputId} className="confirm-phrase">
              To go ahead, type <strong data-testid="confirm-phrase">{request.phrase}</strong>
              <input
                id={inputId}
                data-testid="confirm-dialog-input"
                value={typed}
                autoComplete="off"
                spellCheck={false}
                onChange={(e) => setTyped(e.target.value)}
              />
              {request.prefill && (
                <span className="muted small">Typed in for you: this is a sandbox connection.</span>
              )}
            </label>
          )}
          <div className="actions">
            <button type="button" onClick={onClose} data-testid="confirm-dialog-cancel">
              {request.cancelLabel ?? 'Go back'}
            </button>
            <button
              type="submit"
              className={request.danger === false ? 'primary' : 'danger'}
              disabled={!ok}
              data-testid="confirm-dialog-ok"
            >
              {request.confirmLabel}
            </button>
          </div>
        </form>
      )}
    </dialog>
  );
}
