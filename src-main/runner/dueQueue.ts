// A job's due work in memory, handed to the loop's turns in file order. Rows are read from SQLite a page
// at a time (with their cells), so memory stays bounded whatever the job's size. Until a turn is
// written, the rows it claimed (marked `sending`, skipped, settled) are still due on disk: the queue
// remembers them so a second read in the same turn does not hand them out again, and forgets them when
// the turn ends. A recipe's items that may not be reserved ahead can be set aside while every slot is
// busy; they go first at the next turn.
import type { BatchConfig } from '../../src-shared/connectors/customTemplate';
import type { Template } from '../../src-shared/connectors/types';
import type { Mapping } from '../../src-shared/mapping/types';
import * as items from '../db/items';
import type { Db } from '../db/openDb';
import { batchWork, type Work } from './batchWork';

/**
 * Due rows read from the database at a time; also the most rows one turn handles (a run of rows skipped
 * or settled without a request is written in bounded transactions).
 */
export const QUEUE_BATCH = 200;

/** Ids to leave out of a read, as nextDueItems takes them. */
type IdSet = { has(id: number): boolean; readonly size: number };

export interface DueSource {
  db: Db;
  jobId: string;
  template: Template;
  mapping: Mapping;
  columns: readonly string[];
  /** Record batching (a manual configuration): due rows become calls of up to `batch.size` rows. */
  batch: BatchConfig | null;
  /** Rows in flight (sent or being read): not due again until answered. */
  inFlight: IdSet;
  /** A recipe: items whose gates this turn changed are not due as the database still says. */
  turnChanges: () => IdSet | undefined;
  /** Repeated rows sent too: a repeat waits for the earlier row with its key (items.nextDueItems). */
  holdRepeats: boolean;
}

export class DueQueue {
  private readonly queue: Work[] = [];
  private readonly aside: Work[] = [];
  private readonly claimed = new Set<number>();

  constructor(private readonly source: DueSource) {}

  /** Nothing read and waiting in memory (the next `peek` reads the database). */
  get empty(): boolean {
    return this.queue.length === 0;
  }

  /** How many units of work are set aside for the next free slot. */
  get asideCount(): number {
    return this.aside.length;
  }

  /** The next unit of work (one row, or one batch of rows), left at the head; read from SQLite when none is. */
  peek(now: number): Work | undefined {
    if (this.queue.length === 0) {
      const { db, jobId, batch, inFlight } = this.source;
      const claimed = this.claimed;
      const changed = this.source.turnChanges();
      const due = items.nextDueItems(
        db,
        jobId,
        now,
        batch ? batch.size * 2 : QUEUE_BATCH,
        {
          has: (id) => inFlight.has(id) || claimed.has(id) || (changed?.has(id) ?? false),
          size: inFlight.size + claimed.size + (changed?.size ?? 0),
        },
        this.source.holdRepeats,
      );
      if (batch)
        this.queue.push(
          ...batchWork(this.source.template, this.source.mapping, batch, due, this.source.columns),
        );
      else this.queue.push(...due.map((item) => ({ items: [item] })));
    }
    return this.queue[0];
  }

  /** Takes the head off the queue (the caller claims what it does with it). */
  shift(): void {
    this.queue.shift();
  }

  /** The current turn marked, skipped or settled this row: not handed out again before the turn ends. */
  claim(id: number): void {
    this.claimed.add(id);
  }

  /** Takes the head off and keeps it for the next free slot (claimed meanwhile). */
  setAside(work: Work): void {
    this.queue.shift();
    this.claimed.add(work.items[0]!.id);
    this.aside.push(work);
  }

  /** At a turn's start: what was set aside goes first. */
  restoreAside(): void {
    if (this.aside.length) this.queue.unshift(...this.aside.splice(0));
  }

  /** Work that is due again now (a row whose prior read came back), ahead of rows not read yet. */
  putFirst(work: readonly Work[]): void {
    this.queue.unshift(...work);
  }

  /** The queue is read afresh from the database (with what was set aside: still pending there). */
  drop(): void {
    this.queue.length = 0;
    this.aside.length = 0;
  }

  /** The turn was written or dropped: its rows are on disk as it left them (or not at all). */
  turnEnded(): void {
    this.claimed.clear();
  }
}
