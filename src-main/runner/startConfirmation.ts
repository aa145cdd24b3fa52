// A destructive job needs its phrase, naming the rows about to go and the connection, whenever sending is
// a new decision (the first start, the rest of a cancelled job, failed rows sent again): these refuse the
// start with the phrase to type, and say whether and how it can be undone. A dry run sends nothing and
// needs none.
import type { ItemStatus } from '../../src-shared/contract/api';
import { AppError } from '../../src-shared/contract/errors';
import type { Template } from '../../src-shared/connectors/types';
import { confirmationPhrase, isConfirmed } from '../../src-shared/runner/confirmGuard';
import { inDoubtMayGo } from '../../src-shared/runner/rerunFailed';
import { plural } from '../../src-shared/util/plural';
import { jobUndoSentence, recipeUndoSentence, undoAnywhere } from '../../src-shared/undo/undoSentence';
import { getConnection } from '../db/connections';
import { getDataset } from '../db/datasets';
import { itemCounts, type JobRecord } from '../db/jobs';
import type { Db } from '../db/openDb';
import { isRecipeJob, recipePhrase } from '../recipes/recipeRuns';
import { phraseName } from '../safety/phraseName';
import { countRowsReversed, countRowsSentElsewhere } from '../safety/sentElsewhere';
import { jobTemplate } from './jobTemplates';

/**
 * Refuses to send `rows` rows of a destructive template unless `typed` is its phrase. `inDoubt`: a rerun of
 * the failed rows' rows in doubt, which may go too (rerunFailed.ts): the phrase counts them, the message
 * says them apart.
 */
export function checkConfirmation(
  job: JobRecord,
  template: Template,
  connectionName: string,
  rows: number,
  typed: string | undefined,
  inDoubt = 0,
): void {
  if (job.options.dryRun) return; // nothing is sent
  const phrase = confirmationPhrase(template, rows + inDoubt, connectionName);
  if (isConfirmed(phrase, typed)) return;
  const what = inDoubt
    ? `${plural(rows, 'failed row')}, and ${inDoubtMayGo(inDoubt, 'row')},`
    : `${rows} row${rows === 1 ? '' : 's'}`;
  throw new AppError(
    'CONFLICT',
    `"${template.name}" changes or removes data in the LMS: this would send ${what} to "${connectionName}". ` +
      `${jobUndoSentence(template.id, job.options.undo === false, undoAnywhere(job.id)).text} ` +
      `To go ahead, confirm with: ${phrase}`,
    { field: 'confirm', phrase: phrase ?? '' },
  );
}

/**
 * Refuses to send a recipe job's destructive steps' items (of `statuses`) unless `typed` is their phrase.
 * `rerun`: a rerun of the failed items, whose items in doubt (among `statuses`) may go too
 * (rerunFailed.ts): the phrase counts them, the message says them apart, as a plain job's rerun does.
 */
export function checkRecipeConfirmation(
  db: Db,
  job: JobRecord & { recipe: NonNullable<JobRecord['recipe']> },
  connectionName: string,
  statuses: readonly ItemStatus[],
  typed: string | undefined,
  rerun = false,
): void {
  if (job.options.dryRun) return;
  const { phrase, items: n } = recipePhrase(db, job, connectionName, statuses);
  if (isConfirmed(phrase, typed)) return;
  const inDoubt =
    rerun && statuses.includes('in_doubt') ? recipePhrase(db, job, connectionName, ['in_doubt']).items : 0;
  const what = inDoubt
    ? `${plural(n - inDoubt, 'item')} of its destructive steps (failed, or blocked by a failed step), and ${inDoubtMayGo(inDoubt, 'item')},`
    : `${plural(n, 'item')} of its destructive steps`;
  throw new AppError(
    'CONFLICT',
    `The recipe "${job.recipe.name}" changes or removes data in the LMS: this would send ${what} ` +
      `to "${connectionName}". ${recipeUndoSentence(job.recipe.steps, job.options.undo === false)} ` +
      `To go ahead, confirm with: ${phrase}`,
    { field: 'confirm', phrase: phrase ?? '' },
  );
}

/**
 * The phrase resuming `job` would ask for now (JobRunner.start): a new decision to send — a job never
 * started, or the rest of a cancelled one — of a destructive template (or recipe steps); null when its
 * resume needs none. For hints naming `jobs resume <id>`, so a pasted hint is not refused for the phrase.
 */
export function resumePhrase(db: Db, job: JobRecord): string | null {
  if (job.options.dryRun || (job.startedAt !== null && job.state !== 'cancelled')) return null;
  const connection = getConnection(db, job.connectionId);
  if (!connection) return null;
  const name = phraseName(db, connection);
  if (isRecipeJob(job)) return recipePhrase(db, job, name, ['pending', 'waiting', 'retry_wait']).phrase;
  const template = jobTemplate(job, getDataset(db, job.datasetId)?.columns ?? []);
  if (!template) return null;
  // Counted as the start will count them: after it skips rows sent elsewhere since and puts back rows
  // whose earlier send was taken back (JobRunner.start), or a pasted hint is refused for its phrase.
  const c = itemCounts(db, job.id);
  const rows = c.pending + c.retry_wait - countRowsSentElsewhere(db, job) + countRowsReversed(db, job);
  return confirmationPhrase(template, rows, name);
}
