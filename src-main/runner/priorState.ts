// Reading each row's target just before its write, so a job can be undone (src-shared/undo/). The
// declarations are pure (src-shared/undo/priorReads.ts); this sends the read — a signed GET through the
// job's throttle, the lookup client read-backs use — and hands its answer to the loop, which writes it as
// an attempt of kind 'prior' in the same transaction that marks the row `sending`, and before it. So a
// row is never `sending` on disk without the state it is about to change, and a crash between the read
// and that commit only costs the read again.
//
// A row that has left once keeps the state read before its first send: a read after a write that may
// have arrived would see the job's own change. A row never sent is read afresh each run (the state may
// have moved while the job was paused), and undo uses the last read before the first send.
//
// A read that fails holds the row: it is not written, and fails with the reason. Writing it blind would
// make a change that undo could not take back, which is what the admin asked not to happen; a failed row
// is counted, exported, and sent again by "rerun failed rows" (or by a job with undo off).
//
// A recipe job reads per step: each item's target is read with its step's own template, just before that
// step's write — after the row's earlier steps, so an enrolment's read sees the member the first step
// created. A step with no read (create member, an invitation) is written without one.
//
// An undo job compares each read with what the job it undoes wrote there: a target moved since is not
// written, since putting the old state back would overwrite the later change (../undo/laterChangeGuard.ts).
//
// A plan's job reads its targets again together as each run starts, with the plan's readers
// (../plan/planTargets.ts), and a row whose target moved since the plan is not written (`againstPlan`).
// That check guards the LMS, not the undo: with undo off it still runs (a few list pages, not a read per
// row), and only keeping the state before — and reading the rows the plan did not read — is left out.
import type { JobOptions } from '../../src-shared/contract/api';
import type { Template } from '../../src-shared/connectors/types';
import type { BuiltRequest } from '../../src-shared/mapping/types';
import { breakerRefusal } from '../../src-shared/runner/breakers';
import { apiErrorMessage, classifyResponse } from '../../src-shared/runner/classifyResponse';
import { driftSincePlan, driftText } from '../../src-shared/plan/planDrift';
import type { LmsRecord, ReaderId } from '../../src-shared/plan/planner';
import {
  judgePrior,
  planCheckFor,
  planRunRereads,
  priorReadFor,
  priorReadPath,
  undoReadsOn,
  type PlannedTarget,
  type PriorReadSpec,
} from '../../src-shared/undo/priorReads';
import type { ClaimedItem } from '../db/items';
import { MAX_STORED_BODY } from '../db/items';
import type { Db } from '../db/openDb';
import { failBeforeWriteOp, sentBefore } from '../db/priorStates';
import { readAttemptOp } from '../db/readAttempts';
import type { WriteOp } from '../db/writeOps';
import { addKey } from '../plan/liveReads';
import type { PlanTargets, RereadFailure } from '../plan/planTargets';
import type { LookupResult } from './inDoubt';
import { formatDateTime } from '../../src-shared/util/dates';

/** A row whose read came back, for the loop to write. */
export interface PriorRead<W> {
  work: W;
  item: ClaimedItem;
  result: LookupResult;
  /** The target's state was read (or found absent): the row may be written. */
  ok: boolean;
  /** For a failed read: the row's error. */
  error: string;
  /**
   * The read was refused for the credentials (401, or a 403 that is not a rate limit): the LMS's answer
   * in words, for the credentials breaker's reason (not `error`, which tells the admin what to do with a
   * failed row: a breaker that opens fails none). Null otherwise.
   */
  refusal: string | null;
  /** The refusal is a web page answered instead of the API (a sign-in page), counted as one (breakers.ts). */
  page?: boolean;
  /** Its attempt number, fixed when first written (the same again if that transaction rolls back). */
  attempt?: number;
  /**
   * Not written because the target moved (since the plan, or since the job an undo takes back): a decision
   * the read made, not a fault of the LMS, so the failure breaker does not count it.
   */
  moved?: boolean;
}

export interface PriorDeps {
  db: Db;
  /** The job's template (a recipe job's first step's: see `templateOf`). */
  template: Template;
  /** A recipe job: the template an item sends (its step's); the job's template otherwise. */
  templateOf?(itemId: number): Template;
  /** One signed, throttled GET (lookupClient.ts). */
  read(pathAndQuery: string): Promise<LookupResult>;
  clock(): number;
  /** A job run from a plan: what the plan read, and its targets read again in this run (../plan/planTargets.ts). */
  plan?: PlanTargets;
  /**
   * Undo on: each read is kept as the row's state before its write. Off (a plan's job with undo off): only
   * the targets the plan read are read again, to check them against the plan, and nothing is kept.
   */
  keep: boolean;
  /**
   * An undo job: whether the target moved since the job it undoes wrote it, from the read just made (`now`
   * null: not found), as an error for the row, which is then not written; or null (../undo/laterChangeGuard.ts).
   */
  laterChange?: (itemId: number, now: string | null, sends: Template, request: BuiltRequest) => string | null;
}

/** Whether a job reads its rows' state before writing them: on where a read exists, unless turned off. */
export function priorReadsOn(options: JobOptions, template: Template): boolean {
  return undoReadsOn(options) && priorReadFor(template.id) !== undefined;
}

/**
 * Whether a recipe job reads its items' targets before writing them: where a step has a read, unless turned
 * off. The same rules count a recipe's reads before it runs (src-shared/undo/recipeRequests.ts).
 */
export function stepPriorReadsOn(options: JobOptions, steps: readonly Template[]): boolean {
  return undoReadsOn(options) && steps.some((t) => priorReadFor(t.id) !== undefined);
}

/** Whether a plan's job of this template checks its targets against the plan before writing: undo or not. */
export function planChecksOn(options: JobOptions, template: Template): boolean {
  return !options.dryRun && planRunRereads(template.id);
}

/** A row's target against the plan: as the plan saw it (ok), or why it is not written. */
type PlanCheck = Pick<PriorRead<unknown>, 'result' | 'ok' | 'error' | 'refusal' | 'moved'>;

export class PriorReads<W extends { items: ClaimedItem[] }> {
  /** The job's template's read: a plan's checks use it (a plan's job has one template); undefined in a recipe job's. */
  private readonly spec: PriorReadSpec | undefined;
  /** Rows whose good read is on disk (or in this turn's transaction); forgotten once they are claimed. */
  private readonly good = new Set<number>();
  /** Rows read in this run, reserved and released: their attempt before that read (`released`). */
  private readonly releasedBeforeRead = new Map<number, number>();
  /** Reads that came back since the last commit (written by the next turn; kept until it commits). */
  private finished: PriorRead<W>[] = [];
  private written = 0;
  /** Reads sent whose answer has not come back yet. */
  private reading = 0;

  constructor(private readonly d: PriorDeps) {
    this.spec = d.plan ? planCheckFor(d.template.id) : priorReadFor(d.template.id);
    if (!this.spec && !d.templateOf) throw new Error(`internal: no prior read for ${d.template.id}`);
  }

  /** The template the item sends, and its read (undefined: a recipe step with none). */
  private readOf(itemId: number): { template: Template; spec: PriorReadSpec | undefined } {
    if (!this.d.templateOf) return { template: this.d.template, spec: this.spec };
    const template = this.d.templateOf(itemId);
    return { template, spec: priorReadFor(template.id) };
  }

  /**
   * Whether the row must be read before it is written: read well in this run, or sent before, it need not;
   * with undo off, only a target the plan read is (to check it against the plan).
   */
  needsRead(item: ClaimedItem, built: BuiltRequest): boolean {
    if (this.good.has(item.id)) return false;
    if (!this.readOf(item.id).spec) return false; // a recipe step with no read
    if (!this.d.keep && !this.plannedTargets(built)) return false;
    // A row with no attempt at all was never sent (the common case costs no query).
    return item.lastAttempt === 0 || !sentBefore(this.d.db, item.id);
  }

  /**
   * The row is being written now: nothing more to remember about it. A row released and claimed again
   * (below) is a new ClaimedItem, read from the database: it gets back what this run knew of it.
   */
  claimed(item: ClaimedItem): void {
    this.good.delete(item.id);
    if (this.releasedBeforeRead.has(item.id)) {
      item.lastAttemptBeforeRead ??= this.releasedBeforeRead.get(item.id);
      this.releasedBeforeRead.delete(item.id);
    }
  }

  /**
   * A row reserved after its good read went back to pending (the LMS asked to wait): its read of this run
   * stands — it is not read again — and when it is claimed again it is still a row this run read, with
   * its attempt before that read (whether it was sent in an earlier run: breakers.ts), not the read's own.
   */
  released(item: ClaimedItem): void {
    if (item.lastAttemptBeforeRead === undefined) return; // not read in this run
    this.good.add(item.id);
    this.releasedBeforeRead.set(item.id, item.lastAttemptBeforeRead);
  }

  /**
   * The plan's records of the row's targets, each with where it is read again (the last is the row's own
   * target; a group before it found by its name); undefined when the plan read none of them.
   */
  private plannedTargets(built: BuiltRequest): { at: PlannedTarget; stored: { json: string | null } }[] | undefined {
    const plan = this.d.plan?.plan;
    if (!plan || !this.spec?.fromPlan) return undefined;
    const planned = (reader: ReaderId, key: string) => {
      const r = plan.record(reader, key);
      return r === undefined ? undefined : r.json === null ? null : (JSON.parse(r.json) as LmsRecord);
    };
    const out = this.spec.fromPlan(this.d.template, built, planned).flatMap((at) => {
      const stored = plan.record(at.reader, at.key);
      return stored ? [{ at, stored }] : [];
    });
    return out.length ? out : undefined;
  }

  /** Whether this is a plan's job whose targets are read again with the plan's readers. */
  get fromAPlan(): boolean {
    return this.d.plan !== undefined && this.spec?.fromPlan !== undefined;
  }

  /**
   * A plan's job, as it starts or resumes: the targets the plan read for these rows (those not sent yet)
   * are read again, together — a few list pages rather than a read per row. A target left unread (the
   * read failed) is read again by itself when its row comes (`read`).
   */
  async readPlanTargets(rows: Iterable<BuiltRequest>): Promise<void> {
    const plan = this.d.plan;
    if (!plan || !this.spec?.fromPlan) return;
    const wanted = new Map<ReaderId, Set<string>>();
    for (const built of rows) for (const { at } of this.plannedTargets(built) ?? []) addKey(wanted, at.reader, at.key);
    if (wanted.size) await plan.read(wanted);
  }

  /** Reads whose answer has not come back: the canary counts a row being read as in flight. */
  get outstanding(): number {
    return this.reading;
  }

  /** Reads the row's target; the answer waits in `finished` for the loop's next turn. */
  async read(work: W, built: BuiltRequest): Promise<void> {
    this.reading++;
    try {
      await this.readNow(work, built);
    } finally {
      this.reading--;
    }
  }

  private async readNow(work: W, built: BuiltRequest): Promise<void> {
    const item = work.items[0]!;
    const { template, spec } = this.readOf(item.id);
    if (!spec) throw new Error(`internal: no prior read for ${template.id}`);
    const path = priorReadPath(template, built);
    const planned = await this.againstPlan(built);
    // As the plan saw it, where the state before is the row's own read: that read follows.
    const readToo =
      planned?.ok && this.d.keep && path !== null && this.plannedTargets(built)?.some((t) => t.at.stateFromRead);
    if (planned && !readToo) {
      this.finished.push({ work, item, ...planned });
      return;
    }
    if (!this.d.keep || (!path && spec.createsTarget?.(template, built))) {
      // Undo off and a target the plan did not read, or nothing exists before this write (it creates the
      // member): nothing to read, nothing to undo.
      const none = { url: '', requestHeaders: {}, startedAt: this.d.clock(), durationMs: 0, status: null, body: '', error: null };
      this.finished.push({ work, item, result: none, ok: true, error: '', refusal: null });
      return;
    }
    if (!path) {
      // Nothing names the target (cannot happen for a row that builds): do not write it blind.
      this.finished.push({
        work,
        item,
        result: { url: '', requestHeaders: {}, startedAt: this.d.clock(), durationMs: 0, status: null, body: '', error: null },
        ok: false,
        error: `Not sent: nothing in the row names ${spec.what} to read before the write, so it could not be undone.`,
        refusal: null,
      });
      return;
    }
    const result = await this.d.read(path);
    const verdict =
      result.status !== null && result.body.length > MAX_STORED_BODY
        ? { kind: 'unreadable' as const, why: `the answer is larger than the ${MAX_STORED_BODY / 1024} KB Bulk Desk keeps` }
        : judgePrior(result.status, result.body, result.error);
    const kind = classifyResponse(result.status, result.body, null, this.d.clock()).kind;
    const refused = breakerRefusal(result.status, result.body, kind);
    // Not found counts too: a target deleted since the job that the undo's write would create again.
    const later =
      verdict.kind === 'unreadable'
        ? null
        : (this.d.laterChange?.(item.id, verdict.kind === 'state' ? verdict.body : null, template, built) ?? null);
    this.finished.push({
      work,
      item,
      result,
      ok: verdict.kind !== 'unreadable' && later === null,
      ...(later !== null ? { moved: true } : {}),
      error:
        verdict.kind === 'unreadable'
          ? `Not sent: reading ${spec.what} before the write failed (${verdict.why}), and without it this row could not be undone. ` +
            'Rerun the failed rows to try again, or send them in a job with undo off.'
          : (later ?? ''),
      refusal: refused ? apiErrorMessage(result.status ?? 0, result.body) : null,
      ...(refused === 'page' ? { page: true } : {}),
    });
  }

  /**
   * A plan's job: the target as read again in this run (readPlanTargets, or now by itself when that left
   * it unread), against the plan's record — and first what the plan found it through (a group by its
   * name), each the same way. As the plan saw it: written, with this state kept as the state
   * before. Changed since (or created, or gone): not written, saying what changed — the plan's verdict,
   * which the admin confirmed, no longer holds. Undefined when the job is not a plan's run, or the plan
   * did not read this target.
   */
  private async againstPlan(built: BuiltRequest): Promise<PlanCheck | undefined> {
    const plan = this.d.plan;
    const targets = this.plannedTargets(built);
    if (!plan || !targets) return undefined;
    const unread = new Map<ReaderId, Set<string>>();
    for (const { at } of targets) if (plan.now(at.reader, at.key).state === 'unknown') addKey(unread, at.reader, at.key);
    const failure = unread.size ? await plan.read(unread) : null;
    // In order: the first that moved (or could not be read) holds the row; the last is the row's target.
    let check: PlanCheck | undefined;
    for (const target of targets) {
      check = this.againstPlanOne(plan, target, failure);
      if (!check.ok) return check;
    }
    return check;
  }

  private againstPlanOne(
    plan: PlanTargets,
    { at, stored }: { at: PlannedTarget; stored: { json: string | null } },
    failure: RereadFailure | null,
  ): PlanCheck {
    const now = plan.now(at.reader, at.key);
    const startedAt = this.d.clock();
    const nothing = { url: '', requestHeaders: {}, startedAt, durationMs: 0, status: null, body: '', error: null };
    if (now.state === 'unknown') {
      // A pause cut the read short: the row stays pending (no error), read on resume.
      if (failure?.stopped) return { result: nothing, ok: false, error: '', refusal: null };
      // Not written blind, undo on or off: whether the target changed since the plan is not known.
      return {
        result: { ...nothing, url: `plan ${plan.plan.planId}: ${at.reader} ${at.key}`, error: failure?.why ?? 'not read' },
        ok: false,
        error:
          `Not sent: reading ${this.spec!.what} again before the write failed (${failure?.why ?? 'not read'}), so whether it changed since the plan was made is not known` +
          `${this.d.keep ? ', and without it this row could not be undone' : ''}. Rerun the failed rows to try again.`,
        // A refusal of the credentials, in the LMS's words, for the breaker's reason.
        refusal: failure?.refused ? failure.why : null,
      };
    }
    const before = stored.json === null ? null : (JSON.parse(stored.json) as LmsRecord);
    const fresh = now.state === 'found' ? now.record : null;
    const body = fresh === null ? '' : JSON.stringify(fresh);
    const result = {
      ...nothing,
      url: `plan ${plan.plan.planId}: ${at.reader} ${at.key}, read again before the write`,
      // Found is the state before; not there means there was nothing (absent).
      status: fresh === null ? 404 : 200,
      body,
    };
    const drift = driftSincePlan(before, fresh, at.fields, at.rules);
    if (drift) {
      const when = formatDateTime(plan.plan.madeAt);
      const since = `since the plan was made at ${when}`;
      const what =
        drift.kind === 'appeared'
          ? `${at.name(fresh!)} was created in the LMS ${since}`
          : drift.kind === 'gone'
            ? `${at.name(before!)} is no longer found in the LMS${at.foundBy === null ? '' : ` by ${at.foundBy ?? at.key}`} ${since}`
            : `${at.name(fresh!)} changed in the LMS ${since} (${driftText(drift.diff)})`;
      return { result, ok: false, error: `Not sent: ${what}; plan again.`, refusal: null, moved: true };
    }
    if (this.d.keep && body.length > MAX_STORED_BODY)
      return {
        result: { ...result, body: '' },
        ok: false,
        error: `Not sent: ${this.spec!.what} is larger than the ${MAX_STORED_BODY / 1024} KB Bulk Desk keeps, and without it this row could not be undone.`,
        refusal: null,
      };
    return { result, ok: true, error: '', refusal: null };
  }

  /**
   * Into the loop's turn (`ops`, one transaction): each read that came back is written as an attempt of kind 'prior', and
   * a failed one fails its row (not written) — unless `stopping` and nothing answered, or the LMS asked to
   * wait (the pause cut its retries short, or the wait asked paused the job: the row stays pending, read
   * again on resume; `ok` and `error` then both empty).
   * Returns them for the loop to requeue or count. Called again with the same reads if the transaction
   * rolls back; `committed()` forgets them once it commits.
   */
  write(at: number, stopping: boolean, ops: WriteOp[]): PriorRead<W>[] {
    this.written = this.finished.length;
    for (const r of this.finished) {
      if (r.result.url && this.d.keep) {
        // The row's send (same transaction) numbers itself from lastAttempt: after this read.
        const attempt = (r.attempt ??= r.item.lastAttempt + 1);
        r.item.lastAttemptBeforeRead ??= attempt - 1; // whether it was tried in an earlier run (breakers.ts)
        r.item.lastAttempt = attempt;
        ops.push(readAttemptOp('prior', r.item.id, r.result, attempt));
      }
      if (r.ok) this.good.add(r.item.id);
      // A connection refused before the read went paused the job itself: the row fails, as its send would.
      else if (stopping && ((r.result.status === null && !r.result.refused) || this.toldToWait(r.result))) r.error = '';
      else ops.push(failBeforeWriteOp(r.item.id, r.error, at));
    }
    return this.finished.slice(0, this.written);
  }

  /**
   * The LMS asked to slow down (429/503) rather than answer the read: nothing is known of the row, and a
   * job stopping (a wait longer than it holds alone pauses it) leaves the row pending, read again on resume.
   */
  private toldToWait(result: LookupResult): boolean {
    return classifyResponse(result.status, result.body, null, this.d.clock()).kind === 'throttled';
  }

  /** The turn committed: the reads it wrote are on disk. */
  committed(): void {
    this.finished = this.finished.slice(this.written);
    this.written = 0;
  }
}
