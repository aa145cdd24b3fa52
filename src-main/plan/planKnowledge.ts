// What a plan knows of the LMS so far: per reader, per key, a record or "read, and not there". Loaded from
// the plan's saved reads when it resumes; only the keys its rows asked for are kept, so memory grows with
// the file, not with the academy.
import type { Known, Knowledge, LmsRecord, ReaderId } from '../../src-shared/plan/planner';
import type { ReadEntry } from '../db/plans';

export class PlanKnowledge implements Knowledge {
  private readonly byReader: Map<string, Map<string, LmsRecord | null>>;
  private count = 0;

  constructor(initial: Map<string, Map<string, LmsRecord | null>> = new Map()) {
    this.byReader = initial;
    for (const m of initial.values()) this.count += m.size;
  }

  get(reader: ReaderId, key: string): Known {
    const m = this.byReader.get(reader);
    if (!m || !m.has(key)) return { state: 'unknown' };
    const r = m.get(key)!;
    return r === null ? { state: 'absent' } : { state: 'found', record: r };
  }

  has(reader: ReaderId, key: string): boolean {
    return this.byReader.get(reader)?.has(key) ?? false;
  }

  add(entries: readonly ReadEntry[]): void {
    for (const e of entries) {
      let m = this.byReader.get(e.reader);
      if (!m) this.byReader.set(e.reader, (m = new Map()));
      if (!m.has(e.key)) this.count += 1;
      m.set(e.key, e.record);
    }
  }

  /** Records read so far (found or not). */
  get size(): number {
    return this.count;
  }
}
