// plans.*: what a file would do to the academy before anything is sent (src-main/plan/). Thin: the plan
// service reads and classifies; running a plan makes an ordinary job (../plan/jobFromPlan.ts).
import { AppError } from '../../src-shared/contract/errors';
import { recordJobCreated } from '../audit/jobAudit';
import { getPlan, planRowsPage } from '../db/plans';
import { jobFromPlan } from '../plan/jobFromPlan';
import { bindLookups } from '../sync/lookups';
import type { HandlerContext } from './context';
import { resolveSpec } from './resolveSpec';
import type { Handlers } from './types';

export function planHandlers(ctx: HandlerContext) {
  return {
    'plans.create': async (input) => {
      const { template, connection, dataset } = resolveSpec(ctx.db, input);
      return ctx.plans.create({
        template,
        connection,
        dataset,
        // Lookups bound now, as a job binds them: the plan compares the ids the run will send.
        mapping: bindLookups(ctx.db, input.mapping, input.connectionId),
        source: input.source ?? 'live',
        ...(input.maxAgeMs !== undefined ? { maxAgeMs: input.maxAgeMs } : {}),
        ...(input.allowDuplicates ? { allowDuplicates: true } : {}),
      });
    },
    'plans.resume': async ({ planId }) => ctx.plans.resume(planId),
    'plans.get': async ({ planId }) => ctx.plans.get(planId),
    'plans.list': async ({ datasetId }) => ctx.plans.list(datasetId),
    'plans.rows': async ({ planId, class: cls, offset, limit }) => {
      ctx.plans.get(planId); // NOT_FOUND for an unknown plan
      return planRowsPage(ctx.db, planId, cls, offset, limit);
    },
    'plans.run': async ({ planId, options }) => {
      const plan = getPlan(ctx.db, planId);
      if (!plan) throw new AppError('NOT_FOUND', `No plan with id ${planId}.`);
      const jobId = jobFromPlan(ctx.db, plan, options ?? {}, ctx.now(), (id) => !!ctx.credentials.get(id));
      recordJobCreated(ctx.db, jobId, ctx.version, ctx.now());
      return ctx.runner.summary(jobId);
    },
  } satisfies Partial<Handlers>;
}
