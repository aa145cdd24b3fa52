// What the job runner does differently for a recipe job (../runner/jobRunner.ts calls these): the phrase
// names each destructive step's items, "rerun failed rows" picks up at the failed step (its row's blocked
// steps wait again) with the catalog read afresh, and the admin's in-doubt decisions open or block the
// rows' later steps.
import type { ItemStatus, StopReason } from '../../src-shared/contract/api';
import { waitingOnDoubt } from '../../src-shared/runner/waitingOnDoubt';
import { waitingOnRead } from '../../src-shared/runner/waitingOnRead';
import { recipeConfirmationPhrase } from '../../src-shared/recipes/recipeConfirm';
import type { Recipe } from '../../src-shared/recipes/types';
import * as items from '../db/items';
import { setJobRecipe, setJobState, type JobRecord } from '../db/jobs';
import type { Db } from '../db/openDb';
import { recomputeJobGates } from '../db/recipeGates';
import { stepStatusCounts, unsentPerStep } from '../db/recipeItems';
import { bindLookups } from '../sync/lookups';
import { jobStepTemplates, stepNamer } from './recipePlan';
import { awaitingReadPerStep, readableSteps } from './unknownCaptures';

/** The phrase for the items of `statuses` of a recipe job's destructive steps, and how many items that is. */
export function recipePhrase(
  db: Db,
  job: JobRecord & { recipe: Recipe },
  connectionName: string,
  statuses: readonly ItemStatus[],
): { phrase: string | null; items: number } {
  const per = unsentPerStep(db, job.id, statuses);
  const templates = jobStepTemplates(job);
  const steps = templates.map((template, i) => ({ template, items: per.get(i) ?? 0 }));
  return {
    phrase: recipeConfirmationPhrase(steps, connectionName),
    items: steps.filter((s) => s.template.danger === 'destructive').reduce((n, s) => n + s.items, 0),
  };
}

/** The recipe with every step's lookups bound to the catalog as synced now. */
export function bindRecipeLookups(db: Db, recipe: Recipe, connectionId: string): Recipe {
  return {
    ...recipe,
    steps: recipe.steps.map((s) => ({ ...s, mapping: bindLookups(db, s.mapping, connectionId) })),
  };
}

/**
 * Rerun failed rows of a recipe job: failed items go back to pending, and the later steps they blocked
 * wait again; lookups read the catalog as it is now (a course added and synced since is found).
 */
export function requeueRecipeFailed(db: Db, job: JobRecord & { recipe: Recipe }, at: number): void {
  db.transaction(() => {
    setJobRecipe(db, job.id, bindRecipeLookups(db, job.recipe, job.connectionId));
    items.requeueFailed(db, job.id, at);
    recomputeJobGates(db, job.id, at, stepNamer(job.recipe));
  })();
}

/** After the admin's in-doubt decision: a row whose step is now settled goes on (or is blocked). */
export function regate(db: Db, job: JobRecord & { recipe: Recipe }, at: number): void {
  db.transaction(() => recomputeJobGates(db, job.id, at, stepNamer(job.recipe)))();
}

/**
 * Why a recipe job that sent all it could is paused for the admin's decision rather than completed: its
 * items waiting on earlier steps left in doubt (../../src-shared/runner/waitingOnDoubt.ts); null when none
 * waits. `connectionName`: as the connection is named now (default: as when the job was made).
 */
export function heldByDoubt(
  db: Db,
  job: JobRecord & { recipe: Recipe },
  connectionName = job.connectionName,
): Omit<StopReason, 'at'> | null {
  const steps = job.recipe.steps.map((st) => ({ name: st.name, inDoubt: 0, waiting: 0 }));
  for (const { step, status, n } of stepStatusCounts(db, job.id)) {
    const st = steps[step];
    if (st && status === 'in_doubt') st.inDoubt += n;
    else if (st && status === 'waiting') st.waiting += n;
  }
  return waitingOnDoubt(steps, { id: job.id, connectionName });
}

/**
 * Why a recipe job whose run ended with nothing left to send is paused rather than completed: items waiting
 * on items in doubt (heldByDoubt: the admin decides), or — its run stopped going round before a read of what
 * an earlier step captured (../../src-shared/runner/sendPasses.ts) — items waiting on that read (a resume
 * reads it). A job never says completed with items neither sent nor decided. Null when none waits.
 */
export function heldAtEnd(
  db: Db,
  job: JobRecord & { recipe: Recipe },
  connectionName = job.connectionName,
): Omit<StopReason, 'at'> | null {
  const doubt = heldByDoubt(db, job, connectionName);
  if (doubt) return doubt;
  const readable = readableSteps(job.recipe, jobStepTemplates(job), job.options.allowDuplicates === true);
  const toRead = awaitingReadPerStep(db, job.id, readable);
  const steps = job.recipe.steps.map((st, i) => ({ name: st.name, toRead: toRead.get(i) ?? 0, waiting: 0 }));
  for (const { step, status, n } of stepStatusCounts(db, job.id)) {
    const st = steps[step];
    if (st && (status === 'waiting' || status === 'pending')) st.waiting += n;
  }
  return waitingOnRead(steps, job);
}

/** A job Bulk Desk paused as its run ended (heldAtEnd), not one the admin, a breaker or a fault stopped. */
export const heldAtItsEnd = (job: JobRecord): boolean =>
  job.state === 'paused' && (job.stopReason?.kind === 'inDoubt' || job.stopReason?.kind === 'awaitingRead');

/**
 * After the admin's decision on a recipe job that is not running and sends nothing now: held at its end
 * (by items in doubt, or on a read), it is judged again as its run's end judges it — still paused saying
 * what waits on what now (a job that waited on items in doubt may now wait on a read: not completed with
 * items neither sent nor decided), or, none waiting any more, completed. Other states (paused by the
 * admin, cancelled…) stay as they are.
 */
export function settleHeld(db: Db, job: JobRecord & { recipe: Recipe }, at: number): void {
  const heldBefore = heldAtItsEnd(job);
  if (!heldBefore && job.state !== 'completed') return;
  const held = heldAtEnd(db, job);
  if (held) setJobState(db, job.id, 'paused', at, held);
  else if (heldBefore) setJobState(db, job.id, 'completed', at);
}

export const isRecipeJob = (job: JobRecord): job is JobRecord & { recipe: Recipe } => job.recipe !== null;
