import type { AppErrorShape } from '../../src-shared/contract/errors';
import { ErrorMessage } from './ErrorMessage';

interface Props {
  rowNumber: number;
  column: string;
  /** The cell being edited here, or null when this row's fix is closed. */
  editing: { value: string | null; saving: boolean; error: AppErrorShape | null } | null;
  onStart: () => void;
  onChange: (value: string) => void;
  onSave: () => void;
  onCancel: () => void;
}

/** Fix one cell of the imported file in place, right where its problem is shown. */
export function InlineFix({ rowNumber, column, editing, onStart, onChange, onSave, onCancel }: Props) {
  if (!editing)
    return (
      <button
        type="button"
        className="small"
        data-testid={`fix-cell-${rowNumber}`}
        onClick={onStart}
        aria-label={`Fix ${column} in row ${rowNumber}`}
      >
        Fix
      </button>
    );
  return (
    <form
      className="inline-fix"
      onSubmit={(e) => {
        e.preventDefault();
        onSave();
      }}
    >
      <input
        data-testid={`fix-input-${rowNumber}`}
        aria-label={`New value for ${column} in row ${rowNumber}`}
        value={editing.value ?? ''}
        placeholder={editing.value === null ? 'loading…' : ''}
        disabled={editing.value === null || editing.saving}
        autoFocus
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') onCancel();
        }}
      />
      <button
        type="submit"
        className="small primary"
        data-testid={`fix-save-${rowNumber}`}
        disabled={editing.saving || editing.value === null}
      >
        {editing.saving ? 'Saving…' : 'Save'}
      </button>
      <button type="button" className="small" onClick={onCancel}>
        Cancel
      </button>
      <ErrorMessage error={editing.error} />
    </form>
  );
}
