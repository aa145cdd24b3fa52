// Each method's input schema, as a function that builds it: ../validate.ts builds one at its method's first
// use and keeps it. Building all of them at import cost every start of the CLI ~55 ms, for a command that
// checks one input. The shared parts (a mapping, a recipe, a job's options…) are built once, at first use.
import { z } from 'zod';
import { RESOLVE_MAX_ITEMS, type Input, type Method } from '../api';
import { MAPPING_PARTS } from '../../mapping/mappingPatch';
import { connectionIds, empty, id, pageArgs, rowNumber } from './commonInputs';
import { deskSave } from './deskInput';
import { itemStatus, jobOptions } from './jobInputs';
import { mapping, requestSpec } from './mappingInput';
import { recipeSchema } from './recipeInput';
import { reportRequest } from './reportInput';

const identity = () =>
  z.union([
    z.object({ api: z.literal('coursepath'), email: z.string().email('must be an email address') }),
    z.object({
      api: z.literal('coassemble'),
      scheme: z.literal('workspace'),
      workspaceId: z.string().regex(/^\d+$/, 'must be the numeric workspace id'),
    }),
    z.object({ api: z.literal('coassemble'), scheme: z.literal('legacy'), userId: z.string().min(1) }),
  ]);
const recipeRun = () => ({
  recipe: recipeSchema(),
  datasetId: id(),
  connectionId: id(),
  skipSteps: z.array(z.string().min(1).max(40)).max(20).optional(),
});

export const METHOD_INPUTS: { [M in Method]: () => z.ZodType<Input<M>> } = {
  'app.info': () => empty(),
  'connections.list': () => empty(),
  'connections.save': () =>
    z.object({
      id: id().optional(),
      name: z.string().trim().min(1, 'a connection needs a name').max(100),
      baseUrl: z.string().url('must be a URL such as https://academy123xxx.coursepath.com'),
      identity: identity(),
      secret: z.string().min(1).max(4096).optional(),
    }),
  'connections.deletePlan': () => z.object({ id: id() }),
  'connections.delete': () => z.object({ id: id(), confirm: z.string().max(400).optional() }),
  'connections.test': () => z.object({ id: id() }),
  'datasets.import': () =>
    z.object({
      source: z.discriminatedUnion('kind', [
        z.object({ kind: z.literal('path'), path: z.string().min(1) }),
        z.object({ kind: z.literal('upload'), uploadId: id() }),
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
  'datasets.list': () => empty(),
  'datasets.get': () => z.object({ datasetId: id() }),
  'datasets.delete': () => z.object({ datasetId: id() }),
  'datasets.rows': () => z.object({ datasetId: id(), ...pageArgs() }),
  'datasets.columnStats': () => z.object({ datasetId: id() }),
  'datasets.updateCell': () =>
    z.object({
      datasetId: id(),
      rowNumber: rowNumber(),
      column: z.string(),
      value: z.string().max(10_000_000),
    }),
  'mappings.list': () => z.object({ templateId: id().optional() }),
  'mappings.save': () =>
    z.object({
      name: z.string().trim().min(1, 'a saved mapping needs a name').max(100),
      templateId: id(),
      mapping: mapping(),
    }),
  'mappings.delete': () => z.object({ id: z.number().int().min(1) }),
  'mappings.working': () =>
    z
      .object({ datasetId: id().optional(), templateId: id().optional() })
      .refine(
        (x) => x.datasetId !== undefined || x.templateId !== undefined,
        'name a dataset, a template or both',
      ),
  'mappings.saveWorking': () =>
    z.object({
      datasetId: id(),
      templateId: id(),
      connectionId: id().nullable(),
      mapping: mapping(),
      keepStored: z.boolean().optional(),
      patch: z
        .object({
          removed: z.array(z.string().max(200)).max(1000),
          unset: z.array(z.enum(MAPPING_PARTS)).max(3),
        })
        .strict()
        .optional(),
      base: z.number().int().min(0).nullable().optional(),
      madeBy: z
        .object({ page: z.string().min(1).max(100), seq: z.number().int().min(0) })
        .strict()
        .optional(),
    }),
  'desk.get': () => empty(),
  'desk.save': deskSave,
  'requests.preview': () => z.object({ ...requestSpec(), ...pageArgs() }),
  'requests.testSend': () =>
    z.object({
      ...requestSpec(),
      rowNumber: rowNumber(),
      bodyOverride: z.string().max(5_000_000).nullable().optional(),
      confirm: z.string().max(400).optional(),
    }),
  'requests.testCalls': () =>
    z.object({ datasetId: id().optional(), connectionId: id().optional(), ...pageArgs() }),
  'requests.explain': () => z.object({ ...requestSpec(), rowNumber: rowNumber().optional() }),
  'requests.liveCurl': () =>
    z.object({
      ...requestSpec(),
      rowNumber: rowNumber(),
      bodyOverride: z.string().max(5_000_000).nullable().optional(),
      acknowledge: z.literal(true, 'a live cURL contains a working credential: acknowledge it explicitly'),
    }),
  'jobs.preflight': () =>
    z.object({
      ...requestSpec(),
      allowDuplicates: z.boolean().optional(),
      resend: z.boolean().optional(),
    }),
  'jobs.create': () => z.object({ ...requestSpec(), options: jobOptions().optional() }),
  'jobs.start': () => z.object({ jobId: id(), confirm: z.string().max(400).optional() }),
  'jobs.pause': () => z.object({ jobId: id() }),
  'jobs.resume': () => z.object({ jobId: id(), confirm: z.string().max(400).optional() }),
  'jobs.cancel': () => z.object({ jobId: id() }),
  'jobs.retryFailed': () => z.object({ jobId: id(), confirm: z.string().max(400).optional() }),
  'jobs.setRate': () =>
    z.object({
      jobId: id(),
      ratePerSecond: z.number().positive().max(10_000).nullable(),
      // null: automatic again (see JobOptions.concurrency)
      concurrency: z.number().int().min(1).max(64).nullable().optional(),
    }),
  'jobs.resolveInDoubt': () =>
    z.object({
      jobId: id(),
      action: z.enum(['resend', 'markSucceeded', 'markFailed']),
      itemIds: z.array(z.number().int().min(1)).min(1).max(RESOLVE_MAX_ITEMS).optional(),
      confirm: z.string().max(400).optional(),
    }),
  'jobs.export': () =>
    z.object({
      jobId: id(),
      status: itemStatus().optional(),
      path: z.string().min(1).max(4096).optional(),
    }),
  'jobs.list': () => empty(),
  'jobs.get': () => z.object({ jobId: id() }),
  'jobs.items': () =>
    z.object({
      jobId: id(),
      status: itemStatus().optional(),
      query: z.string().max(200).optional(),
      ...pageArgs(),
    }),
  'jobs.events': () => z.object({ jobId: id(), limit: z.number().int().min(1).max(1000).optional() }),
  'jobs.attempts': () => z.object({ jobId: id(), itemId: z.number().int().min(1) }),
  'jobs.inDoubt': () => z.object({ jobId: id(), ...pageArgs() }),
  'jobs.undoPlan': () => z.object({ jobId: id() }),
  'jobs.undo': () =>
    z.object({ jobId: id(), confirm: z.string().max(400).optional(), start: z.boolean().optional() }),
  'jobs.audit': () => z.object({ jobId: id() }),
  'jobs.auditRows': () =>
    z.object({
      jobId: id(),
      afterRow: z.number().int().min(0),
      limit: z.number().int().min(1).max(1000),
    }),
  'recipes.list': () => empty(),
  'recipes.get': () => z.object({ id: z.string().min(1).max(100) }),
  'recipes.save': () => z.object({ recipe: recipeSchema() }),
  'recipes.delete': () => z.object({ id: z.string().min(1).max(100) }),
  // Empty text is let through: parseRecipeText names the file and says it is empty.
  'recipes.import': () =>
    z.object({ text: z.string().max(1_000_000), fileName: z.string().max(300).optional() }),
  'recipes.export': () =>
    z
      .object({
        id: z.string().min(1).max(100).optional(),
        recipe: recipeSchema().optional(),
        format: z.enum(['yaml', 'json']),
      })
      .refine((x) => (x.id === undefined) !== (x.recipe === undefined), 'give either id or recipe'),
  'recipes.preview': () =>
    z.object({
      ...recipeRun(),
      rowNumber: rowNumber(),
    }),
  'recipes.preflight': () =>
    z.object({ ...recipeRun(), allowDuplicates: z.boolean().optional(), resend: z.boolean().optional() }),
  'recipes.createJob': () => z.object({ ...recipeRun(), options: jobOptions().optional() }),
  'recipes.rows': () =>
    z.object({ jobId: id(), ...pageArgs(), filter: z.enum(['all', 'problems']).optional() }),
  'sync.start': () => z.object({ connectionIds: connectionIds() }),
  'sync.status': () => empty(),
  'sync.runs': () => empty(),
  'reports.run': () => reportRequest(),
  'reports.courses': () => z.object({ connectionIds: connectionIds() }),
  'reports.export': () =>
    z.object({
      report: reportRequest(),
      table: z.number().int().min(0).max(10).optional(),
      path: z.string().min(1).max(4096).optional(),
    }),
  'plans.create': () =>
    z.object({
      ...requestSpec(),
      source: z.enum(['live', 'sync']).optional(),
      maxAgeMs: z
        .number()
        .int()
        .min(1)
        .max(366 * 86_400_000)
        .optional(),
      allowDuplicates: z.boolean().optional(),
    }),
  'plans.resume': () => z.object({ planId: id() }),
  'plans.get': () => z.object({ planId: id() }),
  'plans.list': () => z.object({ datasetId: id().optional() }),
  'plans.rows': () =>
    z.object({
      planId: id(),
      class: z
        .enum(['create', 'update', 'unchanged', 'conflict', 'missing', 'invalid', 'duplicate'])
        .optional(),
      ...pageArgs(),
    }),
  'plans.run': () => z.object({ planId: id(), options: jobOptions().optional() }),
};
