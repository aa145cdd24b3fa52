// A recipe over a file, before anything is sent: every row expanded into its items (a step per row, or
// one per listed value), each built and classified as a one-template job classifies its rows — would
// send, a repeat of an earlier item's key, already sent, cannot be built, not applicable — and the phrase
// its destructive steps need. The preflight (`recipes.preflight`, the CLI's dry run) and the job's
// creation walk the file through the same generator, so the job does what the admin was told.
//
// Items whose request needs an earlier step's answer (the member id) are built with placeholders here:
// their other fields are checked now, and their key — so whether they repeat or were already sent — is
// decided when they are sent (recipePlan.ts).
import { maskUrlUserinfo } from '../../src-shared/util/redact';
import { randomUUID } from 'node:crypto';
import type {
  JobOptions,
  JobSummary,
  RecipePreflightDto,
  RecipePreviewDto,
  RecipeIssueDto,
} from '../../src-shared/contract/api';
import { AppError } from '../../src-shared/contract/errors';
import type { Template } from '../../src-shared/connectors/types';
import { describePrior } from '../../src-shared/safety/rowVerdicts';
import { expandRow, expandStep } from '../../src-shared/recipes/expandRow';
import { recipeConfirmationPhrase } from '../../src-shared/recipes/recipeConfirm';
import { buildStepRequest, showPlaceholders, usesCaptures } from '../../src-shared/recipes/stepRequest';
import type { Recipe } from '../../src-shared/recipes/types';
import {
  hasRecipeErrors,
  stepHeading,
  validateRecipe,
  withoutSteps,
} from '../../src-shared/recipes/validateRecipe';
import { issueLine } from '../../src-shared/mapping/issueText';
import type { MappingIssue } from '../../src-shared/mapping/types';
import type { ConnectionRecord } from '../db/connections';
import { datasetCellsAfter, datasetRow, getDataset } from '../db/datasets';
import { createJob } from '../db/jobs';
import type { Db } from '../db/openDb';
import { insertRecipeItems, priorStepSends, type NewRecipeItem, type PriorStepSend } from '../db/recipeItems';
import { resolveConnection, unknownDataset } from '../handlers/resolveSpec';
import { phraseName } from '../safety/phraseName';
import { joinUrl, redactedHeaders, rowValues } from '../services/requestFactory';
import { capturedBefore } from '../runner/captureFields';
import { bindRecipeLookups } from './recipeRuns';
import { stepNamer, stepTemplates } from './recipePlan';
import { priorReadPath } from '../../src-shared/undo/priorReads';
import { shortValue } from '../../src-shared/util/quoteValue';

const PAGE = 1000;
const LIST_LIMIT = 200;

export interface RecipeRunInput {
  recipe: Recipe;
  datasetId: string;
  connectionId: string;
  skipSteps?: string[];
}

/** A recipe ready to run on a file: optional steps switched off, lookups bound, checked against the columns. */
export interface RecipeSubject {
  recipe: Recipe;
  templates: Template[];
  connection: ConnectionRecord;
  dataset: { id: string; fileName: string; columns: string[]; rowCount: number };
  issues: RecipeIssueDto[];
}

export function resolveRecipeRun(db: Db, input: RecipeRunInput): RecipeSubject {
  const dataset = getDataset(db, input.datasetId);
  if (!dataset) throw unknownDataset(input.datasetId);
  const connection = resolveConnection(db, input.connectionId);
  if (connection.api !== input.recipe.api) {
    throw new AppError(
      'INVALID_INPUT',
      `The recipe "${input.recipe.name}" runs on ${input.recipe.api}, but "${connection.name}" is a ${connection.api} connection.`,
      { field: 'connectionId' },
    );
  }
  const skip = input.skipSteps ?? [];
  for (const id of skip) {
    const step = input.recipe.steps.find((s) => s.id === id);
    if (!step)
      throw new AppError(
        'INVALID_INPUT',
        `The recipe "${input.recipe.name}" has no step "${id}" to switch off.`,
        { field: 'skipSteps' },
      );
    if (!step.optional)
      throw new AppError(
        'INVALID_INPUT',
        `Step "${step.name}" is not optional: every row needs it. Only optional steps can be switched off.`,
        { field: 'skipSteps' },
      );
  }
  const recipe = bindRecipeLookups(db, withoutSteps(input.recipe, skip), connection.id);
  const issues = validateRecipe(recipe, dataset.columns);
  const templates = hasRecipeErrors(issues) ? [] : stepTemplates(recipe);
  return { recipe, templates, connection, dataset, issues };
}

/** Refuses a recipe with errors for this file, naming the first (and how many more). */
export function requireValid(s: RecipeSubject): void {
  const errors = s.issues.filter((i) => i.level === 'error');
  if (errors.length === 0) return;
  throw new AppError(
    'MAPPING_INVALID',
    `${errors[0]!.message}${errors.length > 1 ? ` (and ${errors.length - 1} more problem${errors.length === 2 ? '' : 's'})` : ''}`,
    { field: errors[0]!.field ?? 'recipe' },
  );
}

/** One item of the file through the recipe, classified. */
export interface ClassifiedItem extends NewRecipeItem {
  verdict: 'send' | 'duplicate' | 'alreadySent' | 'invalid' | 'notApplicable' | 'later' | 'blocked';
  /** An item to send whose write undo reads the target of first (with undo on): a request more. */
  readsBefore: boolean;
  /** For a duplicate: the row of the first item with the key. */
  firstRow: number | null;
  prior: PriorStepSend | null;
}

const issuesText = (issues: readonly MappingIssue[]) =>
  issues
    .filter((i) => i.level === 'error')
    .map((i) => issueLine(i))
    .join('; ');

/** Every item of the file, row by row and step by step. `excludeJobId`: the job being made (not "already sent"). */
export function* classifyRecipe(
  db: Db,
  s: RecipeSubject,
  options: Pick<JobOptions, 'allowDuplicates' | 'resend'>,
  excludeJobId: string,
): Generator<ClassifiedItem> {
  const name = stepNamer(s.recipe);
  const later = s.recipe.steps.map(usesCaptures);
  const priors = s.templates.map((t) => priorStepSends(db, s.connection.id, t.id, excludeJobId));
  const first = new Map<string, number>(); // template + key → the row of its first item
  for (let after = 0; ;) {
    const page = datasetCellsAfter(db, s.dataset.id, after, PAGE);
    for (const { rowNumber, cells } of page) {
      const values = rowValues(s.dataset.columns, cells);
      let brokenAt = Infinity; // the first step of this row that cannot be built: later steps are blocked
      for (const p of expandRow(s.recipe, values)) {
        const template = s.templates[p.step]!;
        const base = {
          rowNumber,
          step: p.step,
          fanIndex: p.fanIndex,
          fanValue: p.fanValue,
          templateId: template.id,
          key: null,
          skipReason: null,
          note: null,
          error: null,
          captured: null,
          follows: false,
          firstRow: null,
          prior: null,
          readsBefore: false,
        };
        if (p.notApplicable) {
          yield {
            ...base,
            status: 'skipped',
            skipReason: 'condition',
            note: p.notApplicable.note,
            verdict: 'notApplicable',
          };
          continue;
        }
        const b = buildStepRequest(s.recipe, p.step, template, values, p.fanValue, null);
        if (!b.request) {
          const at = `Row ${rowNumber}, ${name(p.step)}${p.fanValue ? ` (${p.fanValue})` : ''}`;
          brokenAt = Math.min(brokenAt, p.step);
          yield { ...base, status: 'failed', error: `${at}: ${issuesText(b.issues)}`, verdict: 'invalid' };
          continue;
        }
        if (p.step > brokenAt) {
          // Behind a step that cannot be built: the job's gates block it (with that step's reason).
          yield { ...base, status: 'waiting', verdict: 'blocked' };
          continue;
        }
        // An item sent is read first where the runner reads it (an item built with placeholders names its
        // target all the same: the member id the earlier step will capture).
        const readsBefore = priorReadPath(template, b.request) !== null;
        if (later[p.step] || b.key === null) {
          yield { ...base, status: 'waiting', verdict: later[p.step] ? 'later' : 'send', readsBefore };
          continue;
        }
        // Sent elsewhere before (another job, a test send) wins over a repeat in this file: it says more.
        const prior = options.resend ? null : priors[p.step]!(b.key);
        if (prior) {
          const captured = capturedBefore(template, prior);
          yield {
            ...base,
            key: b.key,
            status: 'skipped',
            skipReason: 'alreadySent',
            note: `Not sent: ${shortValue(b.key)} was already sent by ${describePrior(prior)}.`,
            captured,
            prior,
            verdict: 'alreadySent',
          };
          continue;
        }
        const k = `${template.id}\u0000${b.key}`;
        const firstRow = first.get(k);
        if (firstRow !== undefined && !options.allowDuplicates) {
          yield { ...base, key: b.key, status: 'waiting', follows: true, firstRow, verdict: 'duplicate' };
          continue;
        }
        if (firstRow === undefined) first.set(k, rowNumber);
        yield { ...base, key: b.key, status: 'waiting', verdict: 'send', readsBefore };
      }
    }
    if (page.length < PAGE) return;
    after = page.at(-1)!.rowNumber;
  }
}

export function recipePreflight(
  db: Db,
  s: RecipeSubject,
  options: Pick<JobOptions, 'allowDuplicates' | 'resend'>,
): RecipePreflightDto {
  const out: RecipePreflightDto = {
    rows: s.dataset.rowCount,
    items: 0,
    issues: s.issues,
    steps: s.recipe.steps.map((step, i) => ({
      ...stepHeading(step, s.templates[i]),
      counts: {
        items: 0,
        wouldSend: 0,
        readsBefore: 0,
        duplicate: 0,
        alreadySent: 0,
        invalid: 0,
        blocked: 0,
        notApplicable: 0,
        decidedWhenSent: 0,
      },
    })),
    invalid: [],
    duplicates: [],
    confirmation: null,
    connection: { id: s.connection.id, name: s.connection.name, isSandbox: s.connection.isSandbox },
  };
  if (hasRecipeErrors(s.issues)) return out;
  for (const it of classifyRecipe(db, s, options, '')) {
    out.items += 1;
    const c = out.steps[it.step]!.counts;
    c.items += 1;
    if (it.readsBefore) c.readsBefore += 1;
    switch (it.verdict) {
      case 'send':
        c.wouldSend += 1;
        break;
      case 'later':
        c.wouldSend += 1;
        c.decidedWhenSent += 1;
        break;
      case 'duplicate':
        c.duplicate += 1;
        if (out.duplicates.length < LIST_LIMIT)
          out.duplicates.push({
            rowNumber: it.rowNumber,
            step: it.step,
            firstRow: it.firstRow!,
            key: shortValue(it.key!),
          });
        break;
      case 'alreadySent':
        c.alreadySent += 1;
        break;
      case 'invalid':
        c.invalid += 1;
        if (out.invalid.length < LIST_LIMIT)
          out.invalid.push({
            rowNumber: it.rowNumber,
            step: it.step,
            value: it.fanValue,
            message: it.error!,
          });
        break;
      case 'notApplicable':
        c.notApplicable += 1;
        break;
      case 'blocked':
        c.blocked += 1;
        break;
    }
  }
  out.confirmation = recipeConfirmationPhrase(
    s.templates.map((template, i) => ({ template, items: out.steps[i]!.counts.wouldSend })),
    phraseName(db, s.connection),
  );
  return out;
}

/** Creates the recipe job: its items classified as the preflight said, the first steps open. */
export function createRecipeJob(db: Db, s: RecipeSubject, options: JobOptions, now: number): string {
  requireValid(s);
  if (s.dataset.rowCount === 0)
    throw new AppError('INVALID_INPUT', `${s.dataset.fileName} has no rows to send.`);
  const id = randomUUID();
  const name = stepNamer(s.recipe);
  db.transaction(() => {
    createJob(
      db,
      {
        id,
        templateId: `recipe:${s.recipe.id}`,
        templateName: s.recipe.name,
        connectionId: s.connection.id,
        connectionName: s.connection.name,
        datasetId: s.dataset.id,
        fileName: s.dataset.fileName,
        mapping: { fields: {} },
        options,
        createdAt: now,
        recipe: s.recipe,
        templates: s.templates,
      },
      [],
    );
    insertRecipeItems(db, id, classifyRecipe(db, s, options, id), now, name);
  })();
  return id;
}

/** One row through every step, each item's request as it would be built (earlier answers as placeholders). */
export function recipePreview(db: Db, s: RecipeSubject, rowNumber: number): RecipePreviewDto {
  const cells = datasetRow(db, s.dataset.id, rowNumber);
  if (!cells)
    throw new AppError('NOT_FOUND', `Row ${rowNumber} is not in ${s.dataset.fileName}.`, { row: rowNumber });
  const values = rowValues(s.dataset.columns, cells);
  const out: RecipePreviewDto = { rowNumber, steps: [], issues: s.issues };
  s.recipe.steps.forEach((step, i) => {
    const template = s.templates[i];
    out.steps.push({
      id: step.id,
      name: step.name,
      templateName: template?.name ?? step.template,
      items: !template
        ? []
        : expandStep(step, i, values).map((p) => {
            if (p.notApplicable)
              return { fanValue: p.fanValue, notApplicable: p.notApplicable.note, request: null };
            const b = buildStepRequest(s.recipe, i, template, values, p.fanValue, null);
            return {
              fanValue: p.fanValue,
              notApplicable: null,
              request: {
                rowNumber,
                method: b.request?.method ?? template.method,
                url: b.request ? maskUrlUserinfo(showPlaceholders(joinUrl(s.connection.baseUrl, b.request.pathAndQuery))) : '',
                headers: b.request ? redactedHeaders(b.request, s.connection.identity) : {},
                body: b.request?.body == null ? null : showPlaceholders(b.request.body),
                issues: b.issues.map((x) => ({ field: x.field, message: x.message, level: x.level })),
              },
            };
          }),
    });
  });
  return out;
}

export type { JobSummary };
