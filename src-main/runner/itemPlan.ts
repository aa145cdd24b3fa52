// The recipe hook of the runner's loop: how a recipe job's items (one step of one row each) differ from a
// one-template job's rows. Implemented by src-main/recipes/recipePlan.ts; activeJob.ts calls it.
import type { Template } from '../../src-shared/connectors/types';
import type * as items from '../db/items';
import type { Move } from '../db/recipeGates';
import type { ItemChange } from '../db/recipeTurn';
import type { WriteOp } from '../db/writeOps';
import type { Prepared } from '../services/requestFactory';
import type { InDoubtTally, LookupResult } from './inDoubt';

/**
 * Recipe hook (src-main/recipes/recipePlan.ts): in a recipe job each item is one step of one row, with
 * that step's template and mapping, and its outcome opens or blocks its row's later steps. Absent for a
 * one-template job. The loop, throttle, signing, outcomes, breakers, canary and in-doubt passes are the
 * same for both. Its writes in the loop are data added to the turn's (`ops`), committed with the turn's
 * outcomes by the writer before anything of the turn leaves; until then the plan reads the turn's own
 * changes from memory (`turnChanges`), and forgets them once the turn is written or dropped (`turnEnded`).
 */
export interface ItemPlan {
  /** Whether any step's writes can be read back. */
  readonly readBack: boolean;
  /** Every step's template (rows are reserved ahead only for steps whose in-doubt items settle themselves). */
  readonly templates: readonly Template[];
  /** The template the item sends (its step's). */
  templateOf(itemId: number): Template;
  /**
   * The item's request, built in the turn that marks it sending (its writes added to `ops`). `settled`: the
   * item was settled without being sent (a repeat of an earlier item's key, already sent elsewhere, or it
   * cannot be built): the counter moves, the item's own first.
   */
  prepare(item: items.ClaimedItem, now: number, ops: WriteOp[]): Prepared & { settled?: Move[] };
  /**
   * After an item's state changed in this turn (`change`: what the runner wrote for it): its row's later
   * steps released or blocked, their writes added to `ops`.
   */
  afterChange(itemId: number, now: number, ops: WriteOp[], change?: ItemChange, rowNumber?: number): Move[];
  /** The runner marked the item `sending` in this turn. */
  sending(itemId: number): void;
  /** Items this turn changed: the database's state of them is not the current one until it is written. */
  readonly turnChanges: { has(id: number): boolean; readonly size: number };
  /** The turn was written, or dropped: what it changed is read from the database again. */
  turnEnded(): void;
  /** An item's state changed outside the loop's turn (a read-back mismatch): its gates, written at once. */
  regate(itemId: number, now: number): void;
  /**
   * Settles the job's in-doubt items step by step (and reads what steps marked as succeeded by hand would
   * have captured); returns how many go back to pending, and the rows of the items a read settled (one
   * entry per item: found there, or sent again), for the job's story.
   */
  reconcile(ctx: {
    lookup(pathAndQuery: string): Promise<LookupResult>;
    maxAttempts: number;
    clock(): number;
    stopped(): boolean;
    /** Items in doubt now, as the job's counters have them. */
    inDoubt(): number;
  }): Promise<{ resend: number; read: InDoubtTally['rows'] }>;
  /**
   * Items whose captured fields the next reconcile is to read before their rows' later steps go (a recipe
   * step skipped as already sent by a send whose answer is not known here); the run goes round again for them.
   */
  awaitingRead?(): number;
  /** A dry run: every unsent item built (earlier steps' answers as placeholders) and kept, nothing sent. */
  dryRun(ctx: { clock(): number; stopped(): boolean; progress(): void }): Promise<void>;
}
