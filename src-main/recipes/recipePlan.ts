// A recipe job in the runner (the ItemPlan of ../runner/activeJob.ts): what each item sends — its step's
// template and mapping over the row's cells, its listed value and what the row's earlier steps captured —
// and what its outcome does to the row's later steps (../db/recipeGates.ts). Built at send time, in the
// turn that marks it `sending`; a step is released (pending on disk) only by the transaction that wrote its
// row's earlier answers, so the member id "create member" answered a moment ago is committed before the
// next step's request is built from it. Every write of a turn — the gates, an item keyed, followed or
// settled without a request — is data added to the runner's turn (written by the writer thread with the
// outcomes, ../db/dbWriter.ts); until that commits, the turn's own changes are read from `turn`
// (../db/recipeTurn.ts). The checks issue 13 asks for are made per step when the item's key is known:
//   - a key that succeeded elsewhere (another job, any recipe's step of the same template, a test send):
//     skipped as already sent, with what that send captured — unless `resend`. Already sent counts as done
//     for the row's later steps: enrolling someone an earlier job enrolled does not stop their invitation;
//   - else a key repeated by an earlier item of the job (same template): this one follows it (waits, then
//     is skipped as a duplicate with its captured fields) — unless `allowDuplicates`;
//   - an item that cannot be built (an unknown course title): failed at once, nothing sent, later steps
//     blocked; "rerun failed rows" builds it again from the cells and catalog as they are then.
import { maskUrlUserinfo } from '../../src-shared/util/redact';
import type { Template } from '../../src-shared/connectors/types';
import { describePrior } from '../../src-shared/safety/rowVerdicts';
import { splitValues } from '../../src-shared/recipes/expandRow';
import { buildStepRequest, showPlaceholders, type StepCaptures } from '../../src-shared/recipes/stepRequest';
import type { Recipe } from '../../src-shared/recipes/types';
import { stepTemplate } from '../../src-shared/recipes/validateRecipe';
import { issueLine } from '../../src-shared/mapping/issueText';
import type { BuiltRequest, MappingIssue } from '../../src-shared/mapping/types';
import type { ConnectionRecord } from '../db/connections';
import { datasetRow } from '../db/datasets';
import * as items from '../db/items';
import type { JobRecord } from '../db/jobs';
import type { Db } from '../db/openDb';
import { RecipeTurn, type ItemChange } from '../db/recipeTurn';
import type { WriteOp } from '../db/writeOps';
import {
  failUnbuiltOp,
  firstWithKey,
  followOp,
  hasFollowers,
  holdOp,
  itemStep,
  markDryRunRepeat,
  mayHaveSentElsewhere,
  priorStepSends,
  requeueInDoubtSteps,
  rowItems,
  setItemKeyOp,
  skipAlreadySentOp,
  unsentItems,
  type PriorStepSend,
  type RowItem,
} from '../db/recipeItems';
import { recomputeJobGates, settleGates, type Move } from '../db/recipeGates';
import { joinUrl, redactedHeaders, rowValues, type Prepared } from '../services/requestFactory';
import { capturedBefore } from '../runner/captureFields';
import { reconcileInDoubt, type InDoubtTally } from '../runner/inDoubt';
import { awaitingRead, heldForCapture, readableSteps, readUnknownCaptures } from './unknownCaptures';
import type { ItemPlan } from '../runner/itemPlan';
import { hasReadBack } from '../runner/readBack';
import { readBackReconciler } from '../runner/readBackReconciler';
import { reconcilerFor, type Reconciler } from '../runner/reconcilers';
import { shortValue } from '../../src-shared/util/quoteValue';

/** How a recipe job's messages name a step: `step 2 "Enrol in courses"`. */
export const stepNamer = (recipe: Pick<Recipe, 'steps'>) => (step: number) =>
  `step ${step + 1} "${recipe.steps[step]?.name ?? step + 1}"`;

/** The templates of a recipe's steps; throws when one is unknown to this version (the job cannot run). */
export function stepTemplates(recipe: Recipe): Template[] {
  return recipe.steps.map((s, i) => {
    const t = stepTemplate(s);
    if (!t)
      throw new Error(`step ${i + 1} "${s.name}": no action "${s.template}" in this version of Bulk Desk`);
    return t;
  });
}

/**
 * What a recipe job's steps send: the templates it froze when it was made (migration 24), whatever the
 * catalog says now; a job made before resolves them from the catalog (throws as stepTemplates does).
 */
export function jobStepTemplates(job: Pick<JobRecord, 'templates'> & { recipe: Recipe }): Template[] {
  if (job.templates && job.templates.length === job.recipe.steps.length) return job.templates;
  return stepTemplates(job.recipe);
}

/**
 * What the row's earlier steps captured, for building step `step`: a step that went through (succeeded,
 * or skipped as already sent or as a repeat, with the captured fields of the send it repeats) gives its
 * captured fields, or null when it captured none; a step that did not run is absent.
 */
export function capturesFor(row: readonly RowItem[], step: number, recipe: Recipe): StepCaptures {
  const out: Record<string, Record<string, string> | null> = {};
  for (const it of row) {
    if (it.step >= step) break;
    const done =
      it.status === 'succeeded' ||
      (it.status === 'skipped' && (it.skipReason === 'alreadySent' || it.skipReason === 'duplicate'));
    if (!done) continue;
    const id = recipe.steps[it.step]!.id;
    out[id] = it.captured ?? out[id] ?? null;
  }
  return out;
}

/** The value an item acts on, read from the cell as it is now (a fixed typo counts), or why it cannot be. */
function currentValue(
  recipe: Recipe,
  me: RowItem,
  row: readonly RowItem[],
  values: Record<string, string>,
): { value: string | null } | { problem: string } {
  const fan = recipe.steps[me.step]!.forEach;
  if (!fan) return { value: null };
  const listed = splitValues(values[fan.column] ?? '', fan.separator);
  const made = row.filter((r) => r.step === me.step).length;
  if (listed.length === made) return { value: listed[me.fanIndex] ?? me.fanValue };
  return {
    problem: `"${fan.column}" now lists ${listed.length} value${listed.length === 1 ? '' : 's'} where the job was made with ${made}; make a new job for the changed row`,
  };
}

const issuesText = (issues: readonly MappingIssue[]) =>
  issues
    .filter((i) => i.level === 'error')
    .map((i) => issueLine(i))
    .join('; ');

export class RecipePlan implements ItemPlan {
  readonly readBack: boolean;
  readonly templates: readonly Template[];
  private readonly recipe: Recipe;
  private readonly name: (step: number) => string;
  /** Item → step, for items prepared in this process (bounded); others are read from SQLite. */
  private readonly stepOf = new Map<number, number>();
  private readonly priors = new Map<number, (key: string) => PriorStepSend | null>();
  /** Whether any item follows another (a repeat): only then does a settled item have followers to settle. */
  private followers: boolean;
  /** Steps whose captured fields, when not known, a lookup reads again (./unknownCaptures.ts). */
  private readonly readable: ReadonlyMap<number, Reconciler>;
  /** What the runner's current turn has changed but not yet written. */
  private readonly turn = new RecipeTurn();

  constructor(
    private readonly db: Db,
    private readonly job: JobRecord,
    private readonly columns: readonly string[],
    private readonly connection: ConnectionRecord,
  ) {
    if (!job.recipe) throw new Error(`internal: job ${job.id} is not a recipe job`);
    this.recipe = job.recipe;
    this.templates = jobStepTemplates({ ...job, recipe: this.recipe });
    this.name = stepNamer(this.recipe);
    this.readBack = this.templates.some(hasReadBack);
    this.followers = hasFollowers(db, job.id);
    this.readable = readableSteps(this.recipe, this.templates, job.options.allowDuplicates === true);
  }

  templateOf(itemId: number): Template {
    return this.templates[this.stepOfItem(itemId)] ?? this.templates[0]!;
  }

  private stepOfItem(itemId: number): number {
    return this.stepOf.get(itemId) ?? itemStep(this.db, itemId) ?? 0;
  }

  get turnChanges(): { has(id: number): boolean; readonly size: number } {
    return this.turn;
  }

  afterChange(itemId: number, now: number, ops: WriteOp[], change?: ItemChange, rowNumber?: number): Move[] {
    this.turn.ops = ops;
    if (change) this.turn.note(itemId, change, rowNumber);
    return settleGates(this.db, this.job.id, itemId, now, this.name, rowNumber, this.followers, this.turn);
  }

  sending(itemId: number): void {
    this.turn.note(itemId, { status: 'sending' });
  }

  turnEnded(): void {
    this.turn.forget();
  }

  regate(itemId: number, now: number): void {
    this.db
      .transaction(() => settleGates(this.db, this.job.id, itemId, now, this.name, undefined, this.followers))
      .immediate();
  }

  prepare(item: items.ClaimedItem, now: number, ops: WriteOp[]): Prepared & { settled?: Move[] } {
    this.turn.ops = ops;
    const row = rowItems(this.db, this.job.id, item.rowNumber, this.turn);
    const me = row.find((r) => r.id === item.id);
    if (!me) throw new Error(`internal: item ${item.id} is not in row ${item.rowNumber}`);
    this.remember(item.id, me.step);
    const template = this.templates[me.step]!;
    const gates = (id: number) =>
      settleGates(this.db, this.job.id, id, now, this.name, item.rowNumber, this.followers, this.turn);
    const unsent = (moves: Move[]): Prepared & { settled: Move[] } => ({
      rowNumber: item.rowNumber,
      built: null,
      issues: [],
      url: '',
      key: null,
      settled: moves,
    });
    // An earlier step skipped as already sent in this run, by a send whose answer is not known here (cut off
    // after its 2xx): what it captured is read from the LMS first (./unknownCaptures.ts). Held back until the
    // job's next in-doubt pass reads it — not gated again here, which would release it at once.
    const held = heldForCapture(
      {
        db: this.db,
        recipe: this.recipe,
        templates: this.templates,
        readable: this.readable,
        priorOf: (step, key) => this.prior(step)(key),
        name: this.name,
        turn: this.turn,
      },
      me,
      row,
      item.rowNumber,
    );
    if (held === 'hold') {
      this.turn.write(holdOp(item.id, item.status, now), item.id, { status: 'waiting' }, item.rowNumber);
      return unsent([[item.status, 'waiting']]);
    }
    const built = held ? { problem: held.error } : this.build(me, row, item.cells, item.rowNumber);
    if ('problem' in built) {
      this.turn.write(failUnbuiltOp(item.id, built.problem, now), item.id, {
        status: 'failed',
        error: built.problem,
      });
      return unsent([[item.status, 'failed'], ...gates(item.id)]);
    }
    const { request, key, fanValue } = built;
    this.turn.write(setItemKeyOp(item.id, key, template.id, fanValue), item.id, {
      key,
      templateId: template.id,
      fanValue,
    });
    if (key !== null && !this.job.options.resend) {
      const prior = this.prior(me.step)(key);
      if (prior) {
        const captured = capturedBefore(template, prior);
        const json = captured ? JSON.stringify(captured) : null;
        this.turn.write(
          skipAlreadySentOp(
            item.id,
            `Not sent: ${shortValue(key)} was already sent by ${describePrior(prior)}.`,
            json,
            now,
          ),
          item.id,
          { status: 'skipped', skipReason: 'alreadySent', error: null, captured: json },
        );
        this.turn.keyed(template.id, key, item.id, item.rowNumber);
        return unsent([[item.status, 'skipped'], ...gates(item.id)]);
      }
    }
    if (key !== null && !this.job.options.allowDuplicates) {
      const first = firstWithKey(this.db, this.job.id, template.id, key, item.id, this.turn);
      if (first) {
        this.turn.write(
          followOp(item.id, first.id, key, now),
          item.id,
          { status: 'waiting', key, after: first.id },
          item.rowNumber,
        );
        this.followers = true;
        return unsent([[item.status, 'waiting'], ...gates(item.id)]);
      }
    }
    // To be sent: a later item of this turn with the same key follows this one.
    if (key !== null) this.turn.keyed(template.id, key, item.id, item.rowNumber);
    return {
      rowNumber: item.rowNumber,
      built: request,
      issues: [],
      url: joinUrl(this.connection.baseUrl, request.pathAndQuery),
      key,
    };
  }

  /** The item's request from the row as it is now, or why it cannot be built (naming row, step and value). */
  private build(
    me: RowItem,
    row: readonly RowItem[],
    cells: readonly string[],
    rowNumber: number,
  ): { request: BuiltRequest; key: string | null; fanValue: string | null } | { problem: string } {
    const values = rowValues(this.columns, cells);
    const at = (v: string | null) => `Row ${rowNumber}, ${this.name(me.step)}${v ? ` (${v})` : ''}`;
    const current = currentValue(this.recipe, me, row, values);
    if ('problem' in current) return { problem: `${at(me.fanValue)}: ${current.problem}.` };
    const b = buildStepRequest(
      this.recipe,
      me.step,
      this.templates[me.step]!,
      values,
      current.value,
      capturesFor(row, me.step, this.recipe),
    );
    if (!b.request) return { problem: `${at(current.value)}: ${issuesText(b.issues)}` };
    return { request: b.request, key: b.key, fanValue: current.value };
  }

  /** The item's request as the job builds it (null when it cannot be built), for a lookup that settles it. */
  private requestFor(item: { id: number; rowNumber: number }): BuiltRequest | null {
    const row = rowItems(this.db, this.job.id, item.rowNumber);
    const me = row.find((r) => r.id === item.id);
    const cells = datasetRow(this.db, this.job.datasetId, item.rowNumber);
    if (!me || !cells) return null;
    const b = this.build(me, row, cells, item.rowNumber);
    return 'problem' in b ? null : b.request;
  }

  awaitingRead(): number {
    return awaitingRead(this.db, this.job.id, this.readable);
  }

  async reconcile(ctx: Parameters<ItemPlan['reconcile']>[0]): ReturnType<ItemPlan['reconcile']> {
    const read = await readUnknownCaptures({
      db: this.db,
      jobId: this.job.id,
      recipe: this.recipe,
      templates: this.templates,
      allowDuplicates: this.job.options.allowDuplicates === true,
      requestFor: (item) => this.requestFor(item),
      priorOf: (step, key) => this.prior(step)(key),
      lookup: ctx.lookup,
      clock: ctx.clock,
      stopped: ctx.stopped,
      name: this.name,
    });
    const settled: InDoubtTally['rows'] = { found: [], resend: [] };
    if (ctx.inDoubt() === 0) {
      // Later steps failed for want of a capture block the steps after them.
      if (read) this.db.transaction(() => recomputeJobGates(this.db, this.job.id, ctx.clock(), this.name))();
      return { resend: 0, read: settled };
    }
    const now = ctx.clock();
    // Each step by the single-template rule (../runner/reconcileJob.ts): a lookup, or for an idempotent
    // step its read-back, settles an item by reading — whether a second enrolment is harmless on the real
    // LMS is unknown, so one that arrived is not sent again; idempotent steps with no read are sent again.
    const readers = this.templates.map((t) => reconcilerFor(t.id, this.job.options) ?? readBackReconciler(t));
    const blind = this.templates.flatMap((t, i) => (t.idempotent && !readers[i] ? [i] : []));
    let resend = requeueInDoubtSteps(this.db, this.job.id, blind, now);
    // The others: read where the step can be read; else held for the admin.
    if (readers.some(Boolean)) {
      const tally = await reconcileInDoubt({
        db: this.db,
        jobId: this.job.id,
        template: this.templates[0]!,
        reconciler: { lookup: () => null, found: () => ({ kind: 'unknown' }) },
        maxAttempts: ctx.maxAttempts,
        build: () => null,
        lookup: ctx.lookup,
        clock: ctx.clock,
        stopped: ctx.stopped,
        forItem: (item) => {
          const step = this.stepOfItem(item.id);
          const reconciler = readers[step];
          if (!reconciler) return null;
          return { template: this.templates[step]!, reconciler, built: this.requestFor(item) };
        },
      });
      resend += tally.resend;
      settled.found.push(...tally.rows.found);
      settled.resend.push(...tally.rows.resend);
    }
    // Found items open their rows' later steps; items that ran out of attempts block them.
    this.db.transaction(() => recomputeJobGates(this.db, this.job.id, ctx.clock(), this.name))();
    return { resend, read: settled };
  }

  async dryRun(ctx: Parameters<ItemPlan['dryRun']>[0]): Promise<void> {
    for (let after = 0; ;) {
      if (ctx.stopped()) return;
      const page = unsentItems(this.db, this.job.id, after, 500);
      if (page.length === 0) return;
      const at = ctx.clock();
      this.db.transaction(() => {
        for (const it of page) {
          after = it.id;
          if (it.after !== null) {
            markDryRunRepeat(this.db, it.id, at);
            continue;
          }
          const row = rowItems(this.db, this.job.id, it.rowNumber);
          const me = row.find((r) => r.id === it.id)!;
          const values = rowValues(this.columns, datasetRow(this.db, this.job.datasetId, it.rowNumber) ?? []);
          // Earlier steps are not sent: what they would capture is shown as `{member.Member ID}`.
          const b = buildStepRequest(
            this.recipe,
            me.step,
            this.templates[me.step]!,
            values,
            me.fanValue,
            null,
          );
          if (b.request) {
            items.markDryRun(this.db, {
              itemId: it.id,
              method: b.request.method,
              url: maskUrlUserinfo(showPlaceholders(joinUrl(this.connection.baseUrl, b.request.pathAndQuery))),
              requestHeaders: redactedHeaders(b.request, this.connection.identity),
              requestBody: b.request.body === null ? null : showPlaceholders(b.request.body),
              at,
            });
          } else {
            items.markSkipped(
              this.db,
              it.id,
              `Row ${it.rowNumber}, ${this.name(me.step)}: ${issuesText(b.issues)}`,
              at,
            );
          }
        }
      })();
      ctx.progress();
      await new Promise((r) => setImmediate(r));
    }
  }

  /** The step's "already sent?" lookup; nothing to look up when nothing can have been sent elsewhere (checked once per run). */
  private prior(step: number): (key: string) => PriorStepSend | null {
    let p = this.priors.get(step);
    if (!p) {
      const t = this.templates[step]!.id;
      p = mayHaveSentElsewhere(this.db, this.job.connectionId, t, this.job.id)
        ? priorStepSends(this.db, this.job.connectionId, t, this.job.id)
        : () => null;
      this.priors.set(step, p);
    }
    return p;
  }

  private remember(itemId: number, step: number): void {
    if (this.stepOf.size >= 4096) this.stepOf.delete(this.stepOf.keys().next().value!);
    this.stepOf.set(itemId, step);
  }
}
