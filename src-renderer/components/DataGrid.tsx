// A virtualised, read-only spreadsheet view. Only the rows in view (plus a little overscan) exist in
// the DOM; the parent is told which range is visible and fetches those pages. Arrow keys, Page Up/Down,
// Home and End move the active row, so the grid can be read without a mouse.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { DatasetRow } from '../../src-shared/contract/api';
import { columnNameShown } from './columnNameShown';

interface Props {
  columns: readonly string[];
  rowCount: number;
  getRow: (index: number) => DatasetRow | undefined;
  onRangeChange: (first: number, last: number) => void;
  label: string;
  /** Optional highlight of cells, e.g. problem rows. */
  rowClassName?: (rowNumber: number) => string | undefined;
  testId?: string;
}

const ROW_HEIGHT = 30;
const NUM_WIDTH = 72;
const COL_WIDTH = 170;

export function DataGrid({ columns, rowCount, getRow, onRangeChange, label, rowClassName, testId }: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
  // The header lives outside the scroller (a sticky header mis-paints at the multi-million-pixel offsets
  // of a big file) and follows its horizontal scroll.
  const headerRef = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(0);
  const virtualizer = useVirtualizer({
    count: rowCount,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;

  useEffect(() => {
    if (rowCount > 0) onRangeChange(first, last);
  }, [first, last, rowCount, onRangeChange]);

  const width = NUM_WIDTH + columns.length * COL_WIDTH;

  const move = (to: number) => {
    const next = Math.max(0, Math.min(rowCount - 1, to));
    setActive(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const pageRows = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 300) / ROW_HEIGHT) - 1);
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(active + 1),
      ArrowUp: () => move(active - 1),
      PageDown: () => move(active + pageRows),
      PageUp: () => move(active - pageRows),
      Home: () => move(0),
      End: () => move(rowCount - 1),
    };
    const k = keys[e.key];
    if (k) {
      e.preventDefault();
      k();
    }
  };

  const header = (
    <div className="grid-header-wrap" ref={headerRef} role="rowgroup">
      <div className="grid-header" role="row" aria-rowindex={1} style={{ width }}>
        <div className="grid-cell grid-num" role="columnheader" style={{ width: NUM_WIDTH }}>
          #
        </div>
        {columns.map((c, i) => (
          <div key={i} className="grid-cell" role="columnheader" style={{ width: COL_WIDTH }} title={columnNameShown(c)}>
            {columnNameShown(c)}
          </div>
        ))}
      </div>
    </div>
  );

  return (
    <div
      className="grid"
      role="grid"
      aria-label={`${label} (arrow keys, Page Up/Down, Home and End move through the rows)`}
      aria-rowcount={rowCount + 1}
      aria-colcount={columns.length + 1}
      aria-activedescendant={rowCount > 0 ? `grid-row-${active}` : undefined}
      tabIndex={0}
      onKeyDown={onKeyDown}
      data-testid={testId}
    >
      {header}
      <div
        ref={scrollRef}
        className="grid-scroll"
        role="rowgroup"
        onScroll={(e) => {
          if (headerRef.current) headerRef.current.scrollLeft = e.currentTarget.scrollLeft;
        }}
      >
        <div style={{ height: virtualizer.getTotalSize(), width, position: 'relative' }}>
          {items.map((v, slot) => {
            const row = getRow(v.index);
            // The row number main gave the row (a spreadsheet's numbering), once it is loaded.
            const rowNumber = row?.rowNumber ?? v.index + 1;
            const cls = [
              'grid-row',
              v.index % 2 ? 'odd' : '',
              v.index === active ? 'active' : '',
              row ? rowClassName?.(rowNumber) : '',
            ]
              .filter(Boolean)
              .join(' ');
            return (
              <div
                // Keyed by slot, not by row: scrolling (a jump across a 100 MB file above all) then updates
                // the same few dozen row elements in place instead of destroying and creating them.
                key={slot}
                id={`grid-row-${v.index}`}
                className={cls}
                role="row"
                aria-rowindex={v.index + 2}
                style={{ transform: `translateY(${v.start}px)`, height: ROW_HEIGHT, width }}
                onClick={() => setActive(v.index)}
              >
                <div className="grid-cell grid-num" role="rowheader" style={{ width: NUM_WIDTH }}>
                  {row ? rowNumber : ''}
                </div>
                {columns.map((_, i) => {
                  const text = row?.cells[i];
                  return (
                    <div
                      key={i}
                      className={`grid-cell${text === '' ? ' empty' : ''}`}
                      role="gridcell"
                      style={{ width: COL_WIDTH }}
                      title={text}
                    >
                      {row ? text : <span className="loading-cell" aria-label="loading" />}
                    </div>
                  );
                })}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
