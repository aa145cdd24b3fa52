import { useRef, useState, type DragEvent } from 'react';

interface Props {
  busy: boolean;
  onFile: (file: File) => void;
}

/** Drag a CSV or workbook here, or press the button to pick one. The real <input type=file> stays in the page. */
export function DropZone({ busy, onFile }: Props) {
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const drop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    const f = e.dataTransfer.files[0];
    if (f && !busy) onFile(f);
  };
  return (
    <div
      className={`dropzone${over ? ' over' : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={drop}
      data-testid="drop-zone"
    >
      <p>
        <strong>Drop a CSV file or an Excel workbook here</strong> or
      </p>
      {/* A real button (Enter and Space open the picker); the file input itself is out of the tab order. */}
      <button
        type="button"
        className="primary"
        data-testid="choose-file-button"
        disabled={busy}
        onClick={() => input.current?.click()}
      >
        Choose a file…
      </button>
      <input
        ref={input}
        className="visually-hidden-file"
        type="file"
        tabIndex={-1}
        aria-hidden="true"
        accept=".csv,.tsv,.txt,.xlsx,.xlsm,.xls,.ods,text/csv,text/plain,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,application/vnd.ms-excel,application/vnd.oasis.opendocument.spreadsheet"
        data-testid="file-input"
        disabled={busy}
        onChange={(e) => {
          const f = e.target.files?.[0];
          if (f) onFile(f);
          if (input.current) input.current.value = '';
        }}
      />
      <p className="muted small">
        Every cell is kept as text — leading zeros and long ids survive. CSV in any encoding (detected, or
        choose it below); Excel .xlsx and .xls, and .ods: cells as the spreadsheet shows them.
      </p>
    </div>
  );
}
