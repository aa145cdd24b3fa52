// The ledger: one entry per request received (what, when, outcome), so tests can prove "exactly once".
// Never holds secrets: callers pass jti/email/identifier, not the Authorization header.
import type { LedgerEntry, SandboxLedger } from './types';

export class Ledger implements SandboxLedger {
  private items: LedgerEntry[] = [];
  private head = 0; // index of the oldest kept entry (entries before it were dropped)
  private nextSeq = 1;

  constructor(private readonly limit = 200_000) {}

  record(entry: Omit<LedgerEntry, 'seq'>): LedgerEntry {
    const full: LedgerEntry = { seq: this.nextSeq++, ...entry };
    this.items.push(full);
    if (this.items.length - this.head > this.limit) {
      this.head++;
      if (this.head > 4096 && this.head * 2 > this.items.length) {
        this.items = this.items.slice(this.head);
        this.head = 0;
      }
    }
    return full;
  }

  entries(): LedgerEntry[] {
    return this.items.slice(this.head);
  }

  since(seq: number): LedgerEntry[] {
    // seqs are consecutive, so the position is arithmetic.
    const first = this.items[this.head];
    if (!first) return [];
    const start = Math.max(this.head, this.head + (seq + 1 - first.seq));
    return this.items.slice(start);
  }

  clear(): void {
    this.items = [];
    this.head = 0;
  }

  get lastSeq(): number {
    return this.nextSeq - 1;
  }
}
