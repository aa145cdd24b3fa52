// A recipe job's writes inside one turn of the runner (../runner/jobTurns.ts). The runner builds a turn's
// writes as data (./writeOps.ts) and a writer thread commits them afterwards (./dbWriter.ts), so while the
// turn is being built the database does not show it yet. What the turn has changed about its items — an
// answer that came back, a step released or blocked, an item keyed, followed or settled without a request —
// is kept here and laid over what the database says, so the gates (./recipeGates.ts) and the repeat checks
// see the turn's own changes, and their writes join the same transaction as the outcome that caused them
// (a crash never leaves a gate half open). Forgotten once the turn is written (the database then says it)
// or dropped (rolled back: the database never said it).
import type { ItemStatus, SkipReason } from '../../src-shared/contract/api';
import type { WriteOp } from './writeOps';

/** What a write of this turn changed about one item (absent fields: unchanged). */
export interface ItemChange {
  status?: ItemStatus;
  skipReason?: SkipReason | null;
  error?: string | null;
  /** Captured fields as JSON; null keeps the item's own (the writes use COALESCE). */
  captured?: string | null;
  after?: number | null;
  key?: string | null;
  templateId?: string | null;
  fanValue?: string | null;
}

export class RecipeTurn {
  private readonly changes = new Map<number, ItemChange & { rowNumber?: number }>();
  /** Items this turn keyed that a later repeat of their key may follow, by template and key. */
  private readonly firsts = new Map<string, { id: number; rowNumber: number }>();
  /** Where writes go: the runner's current turn (set by the plan on each call). */
  ops: WriteOp[] = [];

  /** A write of this turn and what it changes about item `id`. */
  write(op: WriteOp, id: number, change: ItemChange, rowNumber?: number): void {
    this.ops.push(op);
    this.note(id, change, rowNumber);
  }

  /** A change the runner wrote itself (an outcome, a `sending` mark). */
  note(id: number, change: ItemChange, rowNumber?: number): void {
    const c = this.changes.get(id) ?? {};
    for (const [k, v] of Object.entries(change) as [keyof ItemChange, unknown][]) {
      if (k === 'captured' && v === null) continue; // COALESCE: null keeps what was captured
      (c as Record<string, unknown>)[k] = v;
    }
    if (rowNumber !== undefined) c.rowNumber = rowNumber;
    this.changes.set(id, c);
  }

  get(id: number): ItemChange | undefined {
    return this.changes.get(id);
  }

  /** Whether this turn changed item `id` (the database's state of it is then not the current one). */
  has(id: number): boolean {
    return this.changes.has(id);
  }

  get size(): number {
    return this.changes.size;
  }

  /** The rows of items that started following `itemId` in this turn. */
  followersOf(itemId: number): number[] {
    const rows: number[] = [];
    for (const c of this.changes.values())
      if (c.after === itemId && c.rowNumber !== undefined) rows.push(c.rowNumber);
    return rows;
  }

  /** Item `id` will be sent (or counts as sent) with this key: a later item of the job repeating it follows it. */
  keyed(templateId: string, key: string, id: number, rowNumber: number): void {
    const k = `${templateId}\u0000${key}`;
    if (!this.firsts.has(k)) this.firsts.set(k, { id, rowNumber });
  }

  firstKeyed(
    templateId: string,
    key: string,
    exceptId: number,
  ): { id: number; rowNumber: number } | undefined {
    const f = this.firsts.get(`${templateId}\u0000${key}`);
    return f && f.id !== exceptId ? f : undefined;
  }

  forget(): void {
    this.changes.clear();
    this.firsts.clear();
    this.ops = [];
  }
}
