// A job's rows as a scrolling grid: every row of a 100,000-row job is reachable by scrolling or the keys
// (only the rows in view exist in the DOM; the parent loads their pages). Each row shows its number and
// what it acts on (the key cells, e.g. the email as the file has it) beside its outcome. Arrow keys, Page
// Up/Down, Home and End move the active row; Enter opens its attempts; the parent draws the drawer.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, type KeyboardEvent } from 'react';
import type { JobItemDto } from '../../src-shared/contract/api';
import { SKIP_LABELS } from '../../src-shared/export/jobColumns';
import { keyParts, keyWords } from '../../src-shared/connectors/keyWords';
import { triesNote } from '../../src-shared/runner/attemptLabels';
import { plural } from '../../src-shared/util/plural';
import { fmtDuration, fmtTime } from './format';
import { HttpStatus, StatusBadge } from './StatusBadge';

/** A captured answer past the time it works (a signed URL made more than 3 hours ago). */
export const expired = (it: JobItemDto, now = Date.now()): boolean =>
  typeof it.capturedValidUntil === 'number' && now >= it.capturedValidUntil;

interface Props {
  rowCount: number;
  getItem: (index: number) => JobItemDto | undefined;
  onRangeChange: (first: number, last: number) => void;
  activeIndex: number;
  onActiveChange: (index: number) => void;
  /** Enter or a click on the row number: show this row's attempts. */
  onOpen: (item: JobItemDto) => void;
  /** The row whose attempts are open, highlighted. */
  openItemId: number | null;
  /** The captured fields' labels, e.g. ["Member ID"]. */
  captureLabels: readonly string[];
  label: string;
  /** What a line of the grid is: a row, or a recipe job's item (a step of a row). */
  unit?: 'row' | 'item';
}

const ROW_HEIGHT = 34;

/**
 * "ann@example.com" — the key cells as the file has them, else the key as the LMS compares it; a key of
 * several parts named part by part ("course 12 · member 345"), or its ids would not say which is which.
 */
export function keyText(item: JobItemDto): string {
  if (item.key && keyParts(item.key).length > 1) return keyWords(item.key);
  const cells = Object.values(item.keyCells).filter((v) => v !== '');
  return cells.length ? cells.join(' · ') : (item.key ?? '');
}

/** The row's tries; beside a 429/503 that did not count, why (as a tooltip, and for a screen reader). */
function TriesCell({ item }: { item: JobItemDto }) {
  const note = triesNote(item);
  return (
    <div
      role="gridcell"
      className="num"
      title={note ?? undefined}
      aria-label={note ? `${plural(item.attempts, 'try', 'tries')} (${note})` : undefined}
      data-testid={note ? 'tries-not-counted' : undefined}
    >
      {item.attempts}
    </div>
  );
}

export function ItemsGrid(p: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: p.rowCount,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  });
  const rows = virtualizer.getVirtualItems();
  const first = rows[0]?.index ?? 0;
  const last = rows[rows.length - 1]?.index ?? 0;
  const { onRangeChange, rowCount } = p;
  useEffect(() => {
    if (rowCount > 0) onRangeChange(first, last);
  }, [first, last, rowCount, onRangeChange]);

  const move = (to: number) => {
    const next = Math.max(0, Math.min(p.rowCount - 1, to));
    p.onActiveChange(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const pageRows = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 300) / ROW_HEIGHT) - 1);
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(p.activeIndex + 1),
      ArrowUp: () => move(p.activeIndex - 1),
      PageDown: () => move(p.activeIndex + pageRows),
      PageUp: () => move(p.activeIndex - pageRows),
      Home: () => move(0),
      End: () => move(p.rowCount - 1),
      Enter: () => {
        const item = p.getItem(p.activeIndex);
        if (item) p.onOpen(item);
      },
    };
    const k = keys[e.key];
    if (k) {
      e.preventDefault();
      k();
    }
  };

  return (
    <div
      className="items-grid"
      role="grid"
      aria-label={`${p.label} (arrow keys move, Enter shows the ${p.unit ?? 'row'}'s attempts)`}
      aria-rowcount={p.rowCount + 1}
      aria-activedescendant={p.rowCount > 0 ? `item-row-${p.activeIndex}` : undefined}
      tabIndex={0}
      onKeyDown={onKeyDown}
      data-testid="history-grid"
    >
      <div className="items-row items-head" role="row" aria-rowindex={1}>
        <div role="columnheader" className="num">
          Row
        </div>
        <div role="columnheader">Acts on</div>
        <div role="columnheader">Outcome</div>
        <div role="columnheader" className="num">
          Tries
        </div>
        <div role="columnheader">HTTP</div>
        <div role="columnheader">Error or note</div>
        <div role="columnheader">{p.captureLabels.length ? p.captureLabels.join(', ') : 'Captured'}</div>
        <div role="columnheader" className="num">
          Time
        </div>
      </div>
      <div ref={scrollRef} className="items-scroll" role="rowgroup">
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {rows.map((v) => {
            const it = p.getItem(v.index);
            const cls = [
              'items-row',
              v.index === p.activeIndex ? 'active' : '',
              it && it.id === p.openItemId ? 'open' : '',
            ]
              .filter(Boolean)
              .join(' ');
            return (
              <div
                key={v.key}
                id={`item-row-${v.index}`}
                className={cls}
                role="row"
                aria-rowindex={v.index + 2}
                aria-selected={v.index === p.activeIndex}
                style={{ transform: `translateY(${v.start}px)`, height: ROW_HEIGHT }}
                data-testid={it ? `history-row-${it.rowNumber}` : undefined}
                data-status={it?.status}
                onClick={() => {
                  p.onActiveChange(v.index);
                  if (it) p.onOpen(it);
                }}
              >
                {it ? (
                  <>
                    <div role="rowheader" className="num">
                      {it.rowNumber}
                    </div>
                    <div
                      role="gridcell"
                      className="key-cell"
                      title={it.key ?? undefined}
                      data-testid="row-key"
                    >
                      {keyText(it)}
                    </div>
                    <div role="gridcell">
                      {/* A skipped row says why in one chip ("already sent"), so the cell stays narrow. */}
                      {it.skipReason ? (
                        <span
                          className={`verdict verdict-${it.skipReason} verdict-alone`}
                          data-testid="skip-reason"
                          title={`skipped: ${SKIP_LABELS[it.skipReason]}`}
                        >
                          {SKIP_LABELS[it.skipReason]}
                        </span>
                      ) : (
                        <StatusBadge status={it.status} />
                      )}
                    </div>
                    <TriesCell item={it} />
                    <div role="gridcell">
                      <HttpStatus status={it.responseStatus} row={it.status} />
                    </div>
                    <div
                      role="gridcell"
                      className={it.error ? 'error-cell' : 'note-cell'}
                      title={it.error ?? it.note ?? undefined}
                    >
                      {it.error ?? it.note ?? ''}
                    </div>
                    <div role="gridcell" className="captured-cell">
                      {it.captured
                        ? Object.entries(it.captured).map(([k, val]) =>
                            expired(it) ? (
                              <span
                                key={k}
                                className="captured captured-expired"
                                title={`${k}: ${val} — expired ${fmtTime(it.capturedValidUntil)}`}
                              >
                                <span className="chip">expired</span> {val}
                              </span>
                            ) : (
                              <span key={k} className="captured" title={`${k}: ${val}`}>
                                {val}
                              </span>
                            ),
                          )
                        : null}
                    </div>
                    <div role="gridcell" className="num">
                      {fmtDuration(it.durationMs)}
                    </div>
                  </>
                ) : (
                  <div role="gridcell" className="loading-row">
                    <span className="loading-cell" aria-label="loading" />
                  </div>
                )}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
