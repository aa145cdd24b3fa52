// Runtime input schemas, one per method, checked in main before any handler runs (both transports).
// zod because it is the well-kept standard for this, and its issues carry the field path we show.
import { z } from 'zod';
import { RESOLVE_MAX_ITEMS, type Input, type Method } from './api';
import { reversedRange } from '../reports/dateRange';
import { err, ok, type Result } from './errors';
import type { Recipe } from '../recipes/types';
import { REPORT_NAMES, type ReportName } from '../reports/types';
import { screenChoicesPatchSchema } from '../desk/screenChoices';
import { MAPPING_PARTS } from '../mapping/mappingPatch';

const id = z.string().min(1).max(200);
const empty = z.object({}).strict();
const transform = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('trim') }),
  z.object({ kind: z.literal('lower') }),
  z.object({ kind: z.literal('upper') }),
  z.object({ kind: z.literal('default'), value: z.string() }),
  z.object({ kind: z.literal('split'), separator: z.string().min(1), index: z.number().int() }),
  z.object({ kind: z.literal('map'), table: z.record(z.string(), z.string()) }),
  z.object({
    kind: z.literal('dateFormat'),
    from: z.string().min(1).max(100),
    to: z.string().min(1).max(100),
  }),
  z.object({
    kind: z.literal('regexReplace'),
    pattern: z.string().min(1).max(1000),
    flags: z.string().regex(/^[gimsu]*$/, 'flags may only be g, i, m, s and u'),
    replacement: z.string().max(10_000),
  }),
  z.object({
    kind: z.literal('conditional'),
    test: z.enum(['empty', 'equals']),
    value: z.string().max(10_000),
    then: z.string().max(10_000),
    otherwise: z.string().max(10_000).nullable(),
  }),
  // `resolved` is not accepted from outside: main fills it from the synced catalog (src-main/sync/lookups.ts).
  z.object({
    kind: z.literal('lookup'),
    entity: z.enum([
      'coassemble.course',
      'coursepath.course',
      'coassemble.user',
      'coursepath.member',
      'coursepath.program',
      'coursepath.group',
    ]),
    from: z.enum(['title', 'email', 'name']),
    connectionId: z.string().max(200), // '' = the connection the mapping sends to
    state: z.enum(['active', 'deleted']).optional(),
    to: z.enum(['id', 'name']).optional(),
  }),
]);
const fieldSource = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('column'), column: z.string(), transforms: z.array(transform).optional() }),
  z.object({ kind: z.literal('constant'), value: z.string() }),
  z.object({ kind: z.literal('template'), template: z.string(), transforms: z.array(transform).optional() }),
  z.object({
    kind: z.literal('keyValue'),
    entries: z.array(z.object({ key: z.string().min(1), column: z.string() })),
  }),
  z.object({ kind: z.literal('none') }),
]);
const fieldType = z.enum([
  'string',
  'email',
  'integer',
  'boolean',
  'enum',
  'date',
  'language',
  'json',
  'keyValue',
]);
// The manual (custom) Coassemble configuration, see src-shared/connectors/customTemplate.ts.
const manualConfig = z.object({
  method: z.enum(['POST', 'PUT', 'DELETE']),
  url: z.string().min(1).max(2000),
  headers: z.record(z.string(), z.string().max(4000)).optional(),
  exclude: z.array(z.string()).optional(),
  types: z.record(z.string(), fieldType).optional(),
  batch: z
    .object({
      size: z.number().int().min(1).max(10_000),
      grouping: z.discriminatedUnion('kind', [
        z.object({ kind: z.literal('sequential') }),
        z.object({ kind: z.literal('byColumn'), column: z.string() }),
      ]),
    })
    .nullable()
    .optional(),
  capture: z.record(z.string().min(1).max(100), z.string().max(200)).optional(),
});
const mapping = z.object({
  fields: z.record(z.string(), fieldSource),
  manual: manualConfig.optional(),
  bodyEncoding: z.enum(['json', 'form']).optional(),
  sendEmpty: z.object({ column: z.string() }).optional(),
});
const requestSpec = { datasetId: id, connectionId: id, templateId: id, mapping };
// A recipe (src-shared/recipes/types.ts): its shape here; what its steps mean in validateRecipe.ts.
const stepCondition = z.union([
  z.object({ column: z.string().min(1).max(500), notEmpty: z.literal(true) }).strict(),
  z.object({ column: z.string().min(1).max(500), equals: z.string().max(500) }).strict(),
]);
export const recipeSchema = z
  .object({
    version: z.number().int().min(1).optional(),
    id: z.string().min(1).max(100),
    name: z.string().trim().min(1, 'a recipe needs a name').max(200),
    api: z.enum(['coursepath', 'coassemble']),
    description: z.string().max(4000).optional(),
    steps: z
      .array(
        z
          .object({
            id: z.string().min(1).max(40),
            name: z.string().trim().min(1, 'a step needs a name').max(200),
            template: z.string().min(1).max(200),
            mapping,
            when: stepCondition.optional(),
            forEach: z.object({ column: z.string().min(1).max(500), separator: z.string().min(1).max(10) }).strict().optional(),
            optional: z.boolean().optional(),
          })
          .strict(),
      )
      .min(1, 'a recipe needs at least one step')
      .max(20),
  })
  .strict();
/** A recipe as it is being edited: its shape only (a name may be empty while it is typed). */
const recipeDraftShape = z
  .object({
    id: z.string().max(100),
    name: z.string().max(200),
    api: z.enum(['coursepath', 'coassemble']),
    steps: z
      .array(z.object({ id: z.string().max(40), template: z.string().max(200), mapping }).passthrough())
      .max(20),
  })
  .passthrough();
const recipeRun = {
  recipe: recipeSchema,
  datasetId: id,
  connectionId: id,
  skipSteps: z.array(z.string().min(1).max(40)).max(20).optional(),
};
const identity = z.union([
  z.object({ api: z.literal('coursepath'), email: z.string().email('must be an email address') }),
  z.object({
    api: z.literal('coassemble'),
    scheme: z.literal('workspace'),
    workspaceId: z.string().regex(/^\d+$/, 'must be the numeric workspace id'),
  }),
  z.object({ api: z.literal('coassemble'), scheme: z.literal('legacy'), userId: z.string().min(1) }),
]);
const jobOptions = z
  .object({
    ratePerSecond: z.number().positive().max(10_000).nullable().optional(),
    rateLimit: z
      .object({
        requests: z.number().int().min(1).max(1_000_000),
        windowMs: z.number().int().min(1).max(86_400_000),
      })
      .strict()
      .nullable()
      .optional(),
    concurrency: z.number().int().min(1).max(64).optional(),
    maxAttempts: z.number().int().min(1).max(20).optional(),
    timeoutMs: z.number().int().min(100).max(600_000).optional(),
    dryRun: z.boolean().optional(),
    confirm: z.string().max(400).optional(),
    allowDuplicates: z.boolean().optional(),
    resend: z.boolean().optional(),
    breaker: z
      .object({ failures: z.number().int().min(1).max(10_000), window: z.number().int().min(1).max(10_000) })
      .strict()
      .refine((b) => b.failures <= b.window, 'failures cannot be more than the window')
      .nullable()
      .optional(),
    canary: z.number().int().min(0, 'must be 0 (off) or more rows').max(1000).optional(),
    readBack: z.enum(['canary', 'all', 'off']).optional(),
    undo: z.boolean().optional(),
  })
  .strict();
export const itemStatus = z.enum(['pending', 'sending', 'retry_wait', 'succeeded', 'failed', 'in_doubt', 'skipped', 'waiting', 'blocked']);
const connectionIds = z.array(id).max(100).optional();
const reportRequestShape = z.discriminatedUnion('name', [
  z.object({ name: z.literal('completionRate'), connectionIds }),
  z.object({ name: z.literal('startedNotFinished'), connectionIds }),
  z.object({ name: z.literal('scores'), connectionIds }),
  z.object({ name: z.literal('timeToCompletion'), by: z.enum(['course', 'cohort']), connectionIds }),
  z.object({
    name: z.literal('compliance'),
    courseKeys: z.array(z.string().min(1).max(400)).max(500),
    by: z.enum(['client', 'company', 'department']),
    connectionIds,
  }),
  z.object({ name: z.literal('contentFormats'), connectionIds }),
  z.object({
    name: z.literal('progressOverTime'),
    from: z.number().int(),
    to: z.number().int(),
    connectionIds,
  }),
]);
// A backwards range counts every completion as negative: refused here too, for a caller other than the
// CLI (which names its flags) and the Reports screen (which says so beside its fields).
const reportRequest = reportRequestShape.superRefine((r, ctx) => {
  if (r.name !== 'progressOverTime') return;
  const iso = (at: number) => (Number.isNaN(new Date(at).getTime()) ? String(at) : new Date(at).toISOString()); // beyond Date's range: as given
  const message = reversedRange({ at: r.from, label: `(${iso(r.from)})` }, { at: r.to, label: `to (${iso(r.to)})` });
  if (message) ctx.addIssue({ code: 'custom', path: ['from'], message });
});
const rowNumber = z.number().int().min(2, 'row 1 is the header; data starts at row 2');
const pageArgs = { offset: z.number().int().min(0), limit: z.number().int().min(1).max(1000) };

const schemas: { [M in Method]: z.ZodType<Input<M>> } = {
  'app.info': empty,
  'connections.list': empty,
  'connections.save': z.object({
    id: id.optional(),
    name: z.string().trim().min(1, 'a connection needs a name').max(100),
    baseUrl: z.string().url('must be a URL such as https://academy123xxx.coursepath.com'),
    identity,
    secret: z.string().min(1).max(4096).optional(),
  }),
  'connections.deletePlan': z.object({ id }),
  'connections.delete': z.object({ id, confirm: z.string().max(400).optional() }),
  'connections.test': z.object({ id }),
  'datasets.import': z.object({
    source: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('path'), path: z.string().min(1) }),
      z.object({ kind: z.literal('upload'), uploadId: id }),
    ]),
    fileName: z.string().max(300).optional(),
    delimiter: z
      .string()
      .min(1)
      .max(8)
      .refine((d) => !/["\r\n]/.test(d), 'a delimiter cannot be a quote or a line break')
      .optional(),
    encoding: z.string().trim().min(1).max(40).optional(),
    sheet: z.string().min(1).max(200).optional(),
    returnEarly: z.boolean().optional(),
  }),
  'datasets.list': empty,
  'datasets.get': z.object({ datasetId: id }),
  'datasets.delete': z.object({ datasetId: id }),
  'datasets.rows': z.object({ datasetId: id, ...pageArgs }),
  'datasets.columnStats': z.object({ datasetId: id }),
  'datasets.updateCell': z.object({
    datasetId: id,
    rowNumber: z.number().int().min(2, 'row 1 is the header; data starts at row 2'),
    column: z.string(),
    value: z.string().max(10_000_000),
  }),
  'mappings.list': z.object({ templateId: id.optional() }),
  'mappings.save': z.object({
    name: z.string().trim().min(1, 'a saved mapping needs a name').max(100),
    templateId: id,
    mapping,
  }),
  'mappings.delete': z.object({ id: z.number().int().min(1) }),
  'mappings.working': z
    .object({ datasetId: id.optional(), templateId: id.optional() })
    .refine(
      (x) => x.datasetId !== undefined || x.templateId !== undefined,
      'name a dataset, a template or both',
    ),
  'mappings.saveWorking': z.object({
    datasetId: id,
    templateId: id,
    connectionId: id.nullable(),
    mapping,
    keepStored: z.boolean().optional(),
    patch: z
      .object({ removed: z.array(z.string().max(200)).max(1000), unset: z.array(z.enum(MAPPING_PARTS)).max(3) })
      .strict()
      .optional(),
    base: z.number().int().min(0).nullable().optional(),
    madeBy: z.object({ page: z.string().min(1).max(100), seq: z.number().int().min(0) }).strict().optional(),
  }),
  'desk.get': empty,
  'desk.save': z.object({
    datasetId: id.nullable().optional(),
    screen: z.enum(['connections', 'import', 'map', 'preview', 'plan', 'run', 'recipes', 'history', 'reports']).optional(),
    // As typed on Run (the rate and canary are text, read when a job is made): bounded, not judged here.
    runOptions: z
      .object({
        ratePerSecond: z.string().max(40),
        concurrency: z.number().int().min(1).max(64).nullable(),
        maxAttempts: z.number().int().min(1).max(20),
        dryRun: z.boolean(),
        breaker: z
          .object({
            failures: z.number().int().min(1).max(10_000),
            window: z.number().int().min(1).max(10_000),
            off: z.boolean(),
          })
          .strict(),
        canary: z.string().max(40),
        readBack: z.enum(['canary', 'all', 'off']),
      })
      .strict()
      .optional(),
    // A recipe as it is being edited: not judged (a name may be empty while typing), only its shape bounded.
    recipeDraft: z
      .object({
        recipe: z.custom<Recipe>((v) => recipeDraftShape.safeParse(v).success, 'not a recipe being edited'),
        builtIn: z.boolean(),
      })
      .strict()
      .nullable()
      .optional(),
    // The choices on Reports as made on the screen; a course or run gone since is dropped on load, not here.
    reportChoice: z
      .object({
        report: z.enum(REPORT_NAMES as [ReportName, ...ReportName[]]),
        cohortBy: z.enum(['course', 'cohort']),
        complianceKeys: z.array(z.string().min(1).max(400)).max(500),
        complianceBy: z.enum(['client', 'company', 'department']),
        fromRunId: z.number().int().min(1).nullable(),
        toRunId: z.number().int().min(1).nullable(),
        names: z
          .record(z.string().min(1).max(400), z.string().max(1000))
          .refine((n) => Object.keys(n).length <= 502, 'at most one name per course and sync run chosen')
          .optional(),
      })
      .strict()
      .optional(),
    // The other screens' choices, a section each (src-shared/desk/screenChoices.ts); what a choice names
    // (a job, a connection, a step) is judged by its screen when it is restored, not here.
    screenChoices: screenChoicesPatchSchema.optional(),
  }),
  'requests.preview': z.object({ ...requestSpec, ...pageArgs }),
  'requests.testSend': z.object({
    ...requestSpec,
    rowNumber: z.number().int().min(2, 'row 1 is the header; data starts at row 2'),
    bodyOverride: z.string().max(5_000_000).nullable().optional(),
    confirm: z.string().max(400).optional(),
  }),
  'requests.testCalls': z.object({ datasetId: id.optional(), connectionId: id.optional(), ...pageArgs }),
  'requests.explain': z.object({ ...requestSpec, rowNumber: rowNumber.optional() }),
  'requests.liveCurl': z.object({
    ...requestSpec,
    rowNumber,
    bodyOverride: z.string().max(5_000_000).nullable().optional(),
    acknowledge: z.literal(true, 'a live cURL contains a working credential: acknowledge it explicitly'),
  }),
  'jobs.preflight': z.object({
    ...requestSpec,
    allowDuplicates: z.boolean().optional(),
    resend: z.boolean().optional(),
  }),
  'jobs.create': z.object({ ...requestSpec, options: jobOptions.optional() }),
  'jobs.start': z.object({ jobId: id, confirm: z.string().max(400).optional() }),
  'jobs.pause': z.object({ jobId: id }),
  'jobs.resume': z.object({ jobId: id, confirm: z.string().max(400).optional() }),
  'jobs.cancel': z.object({ jobId: id }),
  'jobs.retryFailed': z.object({ jobId: id, confirm: z.string().max(400).optional() }),
  'jobs.setRate': z.object({
    jobId: id,
    ratePerSecond: z.number().positive().max(10_000).nullable(),
    // null: automatic again (see JobOptions.concurrency)
    concurrency: z.number().int().min(1).max(64).nullable().optional(),
  }),
  'jobs.resolveInDoubt': z.object({
    jobId: id,
    action: z.enum(['resend', 'markSucceeded', 'markFailed']),
    itemIds: z.array(z.number().int().min(1)).min(1).max(RESOLVE_MAX_ITEMS).optional(),
    confirm: z.string().max(400).optional(),
  }),
  'jobs.export': z.object({
    jobId: id,
    status: itemStatus.optional(),
    path: z.string().min(1).max(4096).optional(),
  }),
  'jobs.list': empty,
  'jobs.get': z.object({ jobId: id }),
  'jobs.items': z.object({ jobId: id, status: itemStatus.optional(), query: z.string().max(200).optional(), ...pageArgs }),
  'jobs.events': z.object({ jobId: id, limit: z.number().int().min(1).max(1000).optional() }),
  'jobs.attempts': z.object({ jobId: id, itemId: z.number().int().min(1) }),
  'jobs.inDoubt': z.object({ jobId: id, ...pageArgs }),
  'jobs.undoPlan': z.object({ jobId: id }),
  'jobs.undo': z.object({ jobId: id, confirm: z.string().max(400).optional(), start: z.boolean().optional() }),
  'jobs.audit': z.object({ jobId: id }),
  'jobs.auditRows': z.object({
    jobId: id,
    afterRow: z.number().int().min(0),
    limit: z.number().int().min(1).max(1000),
  }),
  'recipes.list': empty,
  'recipes.get': z.object({ id: z.string().min(1).max(100) }),
  'recipes.save': z.object({ recipe: recipeSchema }),
  'recipes.delete': z.object({ id: z.string().min(1).max(100) }),
  // Empty text is let through: parseRecipeText names the file and says it is empty.
  'recipes.import': z.object({ text: z.string().max(1_000_000), fileName: z.string().max(300).optional() }),
  'recipes.export': z
    .object({ id: z.string().min(1).max(100).optional(), recipe: recipeSchema.optional(), format: z.enum(['yaml', 'json']) })
    .refine((x) => (x.id === undefined) !== (x.recipe === undefined), 'give either id or recipe'),
  'recipes.preview': z.object({
    ...recipeRun,
    rowNumber: z.number().int().min(2, 'row 1 is the header; data starts at row 2'),
  }),
  'recipes.preflight': z.object({ ...recipeRun, allowDuplicates: z.boolean().optional(), resend: z.boolean().optional() }),
  'recipes.createJob': z.object({ ...recipeRun, options: jobOptions.optional() }),
  'recipes.rows': z.object({ jobId: id, ...pageArgs, filter: z.enum(['all', 'problems']).optional() }),
  'sync.start': z.object({ connectionIds }),
  'sync.status': empty,
  'sync.runs': empty,
  'reports.run': reportRequest,
  'reports.courses': z.object({ connectionIds }),
  'reports.export': z.object({
    report: reportRequest,
    table: z.number().int().min(0).max(10).optional(),
    path: z.string().min(1).max(4096).optional(),
  }),
  'plans.create': z.object({
    ...requestSpec,
    source: z.enum(['live', 'sync']).optional(),
    maxAgeMs: z.number().int().min(1).max(366 * 86_400_000).optional(),
    allowDuplicates: z.boolean().optional(),
  }),
  'plans.resume': z.object({ planId: id }),
  'plans.get': z.object({ planId: id }),
  'plans.list': z.object({ datasetId: id.optional() }),
  'plans.rows': z.object({
    planId: id,
    class: z.enum(['create', 'update', 'unchanged', 'conflict', 'missing', 'invalid', 'duplicate']).optional(),
    ...pageArgs,
  }),
  'plans.run': z.object({ planId: id, options: jobOptions.optional() }),
};

/** Every method's schema, for tests that look over all inputs (e.g. which ones name a file). */
export const INPUT_SCHEMAS: Readonly<{ [M in Method]: z.ZodType<Input<M>> }> = schemas;

export function validateInput<M extends Method>(method: M, input: unknown): Result<Input<M>> {
  const parsed = schemas[method].safeParse(input);
  if (parsed.success) return ok(parsed.data);
  const issues = parsed.error.issues.map((i) => ({
    path: i.path.join('.') || '(input)',
    message: i.message,
  }));
  const first = issues[0]!;
  return err({
    code: 'INVALID_INPUT',
    message: `${method}: ${first.path} ${first.message}`,
    details: { field: first.path, issues },
  });
}
