// "Undo this job" for a recipe job: the compensating calls of every step that succeeded, in REVERSE step
// order — a row's enrolment is taken back before the member it enrolled, and what a step created is
// undone last — each item from what it sent and the state its target had before (read per step by the
// runner, priorState.ts).
//
// Why one undo *recipe* job, not one undo job per step: the order within a row is what a recipe job
// already enforces (a row's later step is released only once its earlier ones went through, and blocked
// when one fails — the safe side: a failed unenrolment does not let the member's group go), so the undo
// reuses recipes whole: a derived recipe of one step per original step with something to undo, last step
// first, over a derived dataset whose rows keep the original row numbers, run by the ordinary runner.
// Everything an undo job is gets kept: History's trace, the phrase at start (a recipe's, naming each
// destructive step's count), `resend`, the duplicates rule, its own prior reads (so it can be undone).
// Per step the derived dataset has the compensating template's fields as columns (`<step id>: <field>`);
// a step run once per listed value fans out again over the field its listed value fed (the course id of
// "enrol in courses"), the values joined with ";". Each undo item names the original item it takes back
// (`undoes_item`), which is how "already undone" and "already sent" follow it.
import { randomUUID } from 'node:crypto';
import type { UndoPlanDto, UndoRowNote, UndoStepPlanDto } from '../../src-shared/contract/api';
import { AppError } from '../../src-shared/contract/errors';
import { templateColumns } from '../../src-shared/mapping/applyMapping';
import { sourceColumns } from '../../src-shared/mapping/checkMapping';
import { lookupKey } from '../../src-shared/mapping/transforms';
import type { FieldSource, Mapping } from '../../src-shared/mapping/types';
import { recipeConfirmationPhrase } from '../../src-shared/recipes/recipeConfirm';
import { VALUE_COLUMN, type Recipe, type RecipeStep } from '../../src-shared/recipes/types';
import { validateRecipe } from '../../src-shared/recipes/validateRecipe';
import { nothingToUndoNote, type NothingReason } from '../../src-shared/undo/nothingToUndo';
import type { ConnectionRecord } from '../db/connections';
import { createJob, type JobRecord } from '../db/jobs';
import type { Db } from '../db/openDb';
import { insertRecipeItems, type NewRecipeItem } from '../db/recipeItems';
import { recipeUndoSourcePage, undoJobsOf, type RecipeUndoSourceItem } from '../db/undo';
import { classifyRecipe, requireValid, type RecipeSubject } from '../recipes/recipeJobs';
import { jobStepTemplates, stepNamer } from '../recipes/recipePlan';
import { phraseName } from '../safety/phraseName';
import { NothingToUndo, undoableJob } from './undoJob';
import {
  FirstWithKey,
  inverseOf,
  judgeRow,
  noUndoCounts,
  SEND_EMPTY_COLUMN,
  targetTally,
  UNDO_LIST_LIMIT,
  undoConnection,
  undoDataset,
  undoOptions,
  undoTargets,
  type InverseOf,
} from './undoRows';

const PAGE = 1000;
/** Joins a fanned step's listed values in the derived dataset (the recipe file format's usual separator). */
const SEPARATOR = ';';

/** One step of the original recipe, and how it is undone. */
interface StepUndo extends InverseOf {
  index: number;
  step: RecipeStep;
  /** A step run once per listed value: the compensating field its value fed (null: none can be told). */
  fanField: string | null;
  plan: UndoStepPlanDto;
}

interface Subject {
  job: JobRecord & { recipe: Recipe };
  connection: ConnectionRecord;
  steps: StepUndo[];
}

/** Whether a mapped field reads the listed value (`@value`). */
const readsValue = (source: FieldSource | undefined) =>
  !!source &&
  (source.kind === 'template' ? templateColumns(source.template) : sourceColumns(source)).includes(
    VALUE_COLUMN,
  );

function subjectOf(db: Db, jobId: string, isActive: (id: string) => boolean): Subject {
  const { job, connection } = undoableJob(db, jobId, isActive);
  const recipe = job.recipe!;
  const name = stepNamer(recipe);
  let templates;
  try {
    templates = jobStepTemplates({ ...job, recipe });
  } catch (e) {
    throw new AppError('NOT_FOUND', `Job ${job.id} cannot be undone: ${(e as Error).message}.`);
  }
  const steps = recipe.steps.map((step, index): StepUndo => {
    const inv = inverseOf(templates[index]!, step.mapping.bodyEncoding);
    return {
      ...inv,
      index,
      step,
      fanField: step.forEach
        ? (inv.spec?.columns.find((c) => readsValue(step.mapping.fields[c])) ?? null)
        : null,
      plan: {
        step: index,
        name: step.name,
        template: { id: inv.template.id, name: inv.template.name },
        inverse: inv.inverse
          ? { id: inv.inverse.id, name: inv.inverse.name, destructive: inv.inverse.danger === 'destructive' }
          : null,
        irreversible: inv.irreversible,
        note: inv.spec?.note ?? null,
        counts: noUndoCounts(),
        targets: null,
      },
    };
  });
  // Made before the runner read each step's target before writing it: what to put back is not known.
  if (!job.readsPerStep) {
    const example = steps.find((s) => s.inverse);
    throw new AppError(
      'CONFLICT',
      `Job ${job.id} ("${recipe.name}") cannot be undone: it ran on a version of Bulk Desk that did not read each step's target before writing it, ` +
        `so what to put back is not known and is not guessed. Undo its steps with jobs of their opposite calls` +
        `${example ? ` (e.g. "${example.inverse!.name}" for ${name(example.index)})` : ''}.`,
    );
  }
  return { job: job as Subject['job'], connection, steps };
}

/** A derived dataset column: the step's compensating field. */
const column = (s: StepUndo, field: string) => `${s.step.id}: ${field}`;

/** One item of the row to undo. */
interface Entry {
  item: RecipeUndoSourceItem;
  cells: string[];
}

/**
 * Walks the job's items once, row by row: counts and lists, per step and in all, what undoing would do.
 * `onRow` receives each row with something to undo, its entries per step, and why its other items are not.
 */
function walk(
  db: Db,
  s: Subject,
  onRow?: (rowNumber: number, entries: Map<number, Entry[]>, idle: Map<number, NothingReason[]>) => void,
): UndoPlanDto {
  const plan: UndoPlanDto = {
    jobId: s.job.id,
    template: null,
    connection: undoConnection(s.connection),
    counts: noUndoCounts(),
    targets: null,
    cannot: [],
    unchanged: [],
    warnings: [],
    note: "Each row's steps are undone in reverse order, the last step first; where a step's undo fails for a row, that row's earlier steps are not undone.",
    confirmation: null,
    steps: [...s.steps].reverse().map((st) => st.plan),
    earlierUndos: undoJobsOf(db, s.job.id).map((u) => ({ jobId: u.id, state: u.state, undone: u.succeeded })),
  };
  const name = stepNamer(s.job.recipe);
  const list = (to: UndoRowNote[], it: RecipeUndoSourceItem, reason: string) => {
    if (to.length < UNDO_LIST_LIMIT) to.push({ rowNumber: it.rowNumber, step: it.step, key: it.key, reason });
  };
  const count = (st: StepUndo, k: keyof UndoPlanDto['counts'], n = 1) => {
    plan.counts[k] += n;
    st.plan.counts[k] += n;
  };
  const firstWithKey = new FirstWithKey();
  const targets = new Map(s.steps.map((st) => [st.index, targetTally(st)]));
  let row = -1;
  let entries = new Map<number, Entry[]>();
  let idle = new Map<number, NothingReason[]>();
  const flush = () => {
    if (entries.size) onRow?.(row, entries, idle);
    entries = new Map();
    idle = new Map();
  };
  const skip = (st: StepUndo, reason: NothingReason) => {
    if (!onRow) return;
    const mine = idle.get(st.index) ?? [];
    mine.push(reason);
    idle.set(st.index, mine);
  };
  const cannot = (st: StepUndo, it: RecipeUndoSourceItem, why: string) => {
    count(st, 'cannot');
    list(plan.cannot, it, why);
    skip(st, { kind: 'cannot', why });
  };
  const unchanged = (st: StepUndo, it: RecipeUndoSourceItem, why: string) => {
    count(st, 'unchanged');
    list(plan.unchanged, it, why);
    skip(st, { kind: 'unchanged', why });
  };
  for (let after = 0; ;) {
    const page = recipeUndoSourcePage(db, s.job.id, after, PAGE);
    for (const it of page) {
      if (it.rowNumber !== row) {
        flush();
        row = it.rowNumber;
      }
      const st = s.steps[it.step];
      if (!st) throw new Error(`internal: item ${it.itemId} of job ${s.job.id} has no step ${it.step}`);
      count(st, 'rows');
      const v = judgeRow(it, st, s.connection.baseUrl);
      if (v.kind === 'notSent') {
        count(st, 'notSent');
        skip(st, { kind: 'notSent', status: it.status, note: it.note });
      } else if (v.kind === 'unchanged') {
        if (v.covers)
          firstWithKey.undone(
            `${st.inverse!.id}\u0000${v.covers.key}`,
            `row ${it.rowNumber}, ${name(it.step)}`,
            it,
            v.covers.until,
          );
        unchanged(st, it, v.why);
      } else if (v.kind === 'cannot') cannot(st, it, v.why);
      else {
        const k = `${st.inverse!.id}\u0000${v.key}`;
        const covered = firstWithKey.covered(k, it, v.key);
        if (covered !== null) {
          unchanged(st, it, covered);
          continue;
        }
        const mine = entries.get(st.index) ?? [];
        const why = st.step.forEach
          ? fanProblem(st, v.cells, mine)
          : v.cells[0]
            ? null
            : { text: 'its undo names nothing to act on' };
        if (why) {
          if (why.unchanged) unchanged(st, it, why.text);
          else cannot(st, it, why.text);
          continue;
        }
        firstWithKey.undoes(k, `row ${it.rowNumber}, ${name(it.step)}`);
        count(st, 'undo');
        for (const w of v.warnings) {
          count(st, 'warnings');
          list(plan.warnings, it, w);
        }
        targets.get(st.index)!.add(v.cells);
        mine.push({ item: it, cells: v.cells });
        entries.set(st.index, mine);
      }
    }
    if (page.length < PAGE) break;
    after = page.at(-1)!.itemId;
  }
  flush();
  for (const st of s.steps) st.plan.targets = undoTargets(db, s.connection.id, targets.get(st.index)!);
  plan.confirmation = recipeConfirmationPhrase(
    [...s.steps]
      .reverse()
      .flatMap((st) => (st.inverse ? [{ template: st.inverse, items: st.plan.counts.undo }] : [])),
    phraseName(db, s.connection),
  );
  return plan;
}

/**
 * Why an item of a step run once per listed value cannot join the row's undo of that step, which fans
 * out over one field: its value there must list cleanly, and its other fields match the row's others.
 */
function fanProblem(
  st: StepUndo,
  cells: string[],
  row: readonly Entry[],
): { text: string; unchanged?: true } | null {
  if (!st.fanField)
    return {
      text: 'this step ran once per listed value, and which field of its undo that value was is not known',
    };
  const at = st.columns.indexOf(st.fanField);
  const value = cells[at]!;
  if (value === '' || value !== value.trim() || value.includes(SEPARATOR))
    return {
      text: `its ${st.fanField} "${value}" cannot be listed for the undo (empty, spaces around it, or a "${SEPARATOR}")`,
    };
  const first = row[0];
  if (!first) return null;
  if (cells.some((c, i) => i !== at && c !== first.cells[i]))
    return { text: `its undo differs from the row's other items of this step in more than ${st.fanField}` };
  if (row.some((e) => lookupKey(e.cells[at]!) === lookupKey(value)))
    return { text: `the row's other item of this step acts on the same ${st.fanField}`, unchanged: true };
  return null;
}

/** What undoing the recipe job would do, step by step, without making anything. */
export function recipeUndoPlan(db: Db, jobId: string, isActive: (id: string) => boolean): UndoPlanDto {
  return walk(db, subjectOf(db, jobId, isActive));
}

/** The undo recipe: a step per original step with something to undo, the last first. */
function undoRecipe(job: Subject['job'], steps: readonly StepUndo[]): Recipe {
  const recipe = job.recipe;
  return {
    version: 1,
    id: `undo.${recipe.id}`.slice(0, 100),
    name: `Undo: ${recipe.name}`,
    api: recipe.api,
    steps: steps.map((st) => {
      const fields = st.spec!.columns;
      const mapping: Mapping = {
        fields: Object.fromEntries(
          fields.map((f) => [
            f,
            { kind: 'column' as const, column: f === st.fanField ? VALUE_COLUMN : column(st, f) },
          ]),
        ),
        ...(st.mapping.bodyEncoding ? { bodyEncoding: st.mapping.bodyEncoding } : {}),
        ...(st.mapping.sendEmpty ? { sendEmpty: { column: column(st, SEND_EMPTY_COLUMN) } } : {}),
      };
      const id = `undo-${st.step.id}`;
      return {
        id: id.length <= 40 ? id : `undo-step${st.index + 1}`,
        name: `Undo: ${st.step.name}`,
        template: st.inverse!.id,
        mapping,
        // A row whose step has nothing to undo shows it as not applicable (with why, in the original job).
        ...(st.step.forEach
          ? { forEach: { column: column(st, st.fanField!), separator: SEPARATOR } }
          : { when: { column: column(st, fields[0]!), notEmpty: true } }),
      };
    }),
  };
}

/** Makes the undo recipe job (state ready, started like any recipe job); null when nothing needs undoing. */
export function makeRecipeUndoJob(
  db: Db,
  jobId: string,
  opts: { isActive: (id: string) => boolean; now: number; confirm?: string },
): { plan: UndoPlanDto; jobId: string | null } {
  const s = subjectOf(db, jobId, opts.isActive);
  const first = walk(db, s);
  // The steps with something to undo, in the order the undo runs them.
  const steps = [...s.steps].reverse().filter((st) => st.plan.counts.undo > 0);
  if (steps.length === 0) return { plan: first, jobId: null };
  for (const st of s.steps) st.plan.counts = noUndoCounts();
  const recipe = undoRecipe(s.job, steps);
  const columns = steps.flatMap((st) => st.columns.map((c) => column(st, c)));
  const id = randomUUID();
  const datasetId = randomUUID();
  const fileName = `undo of ${s.job.id.slice(0, 8)} (${s.job.fileName})`;
  try {
    return db.transaction(() => {
      const ds = undoDataset(db, { id: datasetId, job: s.job, fileName, columns, now: opts.now });
      // The original item each undo item takes back, in the order the undo's items are made (row, step, value).
      const links: number[] = [];
      let rows = 0;
      // The note of each undo item with nothing to send (not applicable), in the same order.
      const nothing: string[] = [];
      const plan = walk(db, s, (rowNumber, entries, idle) => {
        const cells = steps.flatMap((st) => {
          const mine = entries.get(st.index) ?? [];
          for (const e of mine) links.push(e.item.itemId);
          if (mine.length === 0) {
            nothing.push(nothingToUndoNote(st.step.name, s.job.id, idle.get(st.index) ?? []));
            return st.columns.map(() => '');
          }
          if (!st.step.forEach) return mine[0]!.cells;
          const at = st.columns.indexOf(st.fanField!);
          return mine[0]!.cells.map((c, i) =>
            i === at ? mine.map((e) => e.cells[at]).join(`${SEPARATOR} `) : c,
          );
        });
        ds.add(rowNumber, cells);
        rows++;
      });
      if (plan.counts.undo === 0) throw new NothingToUndo(plan);
      ds.finish();
      const options = undoOptions(s.job, opts.confirm);
      const subject: RecipeSubject = {
        recipe,
        templates: steps.map((st) => st.inverse!),
        connection: s.connection,
        dataset: { id: datasetId, fileName, columns, rowCount: rows },
        issues: validateRecipe(recipe, columns),
      };
      requireValid(subject);
      createJob(
        db,
        {
          id,
          templateId: `recipe:${recipe.id}`,
          templateName: recipe.name,
          connectionId: s.connection.id,
          connectionName: s.connection.name,
          datasetId,
          fileName,
          mapping: { fields: {} },
          options,
          createdAt: opts.now,
          recipe,
          undoOf: s.job.id,
          templates: subject.templates,
        },
        [],
      );
      let next = 0;
      let nextNothing = 0;
      const items = function* (): Generator<NewRecipeItem> {
        for (const it of classifyRecipe(db, subject, options, id)) {
          if (it.verdict === 'notApplicable') {
            // Its own note would name the derived column left empty; this one says why, as the plan did.
            const note = nothing[nextNothing++];
            if (note === undefined)
              throw new Error(
                `internal: the undo's item for row ${it.rowNumber}, step ${it.step + 1} has no note`,
              );
            yield { ...it, note };
            continue;
          }
          // Made from the rows just written: every item is one the walk counted, in the same order.
          if (it.verdict !== 'send' || next >= links.length)
            throw new Error(
              `internal: the undo's item for row ${it.rowNumber}, step ${it.step + 1} is ${it.verdict}`,
            );
          yield { ...it, undoesItem: links[next++]! };
        }
      };
      insertRecipeItems(db, id, items(), opts.now, stepNamer(recipe));
      if (next !== links.length || nextNothing !== nothing.length)
        throw new Error(
          `internal: the undo made ${next} items of the ${links.length} planned, ${nextNothing} of the ${nothing.length} with nothing to send`,
        );
      return { plan, jobId: id };
    })();
  } catch (e) {
    if (e instanceof NothingToUndo) return { plan: e.plan, jobId: null };
    throw e;
  }
}
