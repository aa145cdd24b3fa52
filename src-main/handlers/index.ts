// The full handler table. `satisfies Handlers` makes a missing or mistyped method a compile error.
import type { HandlerContext } from './context';
import { connectionHandlers } from './connections';
import { datasetHandlers } from './datasets';
import { jobHandlers } from './jobs';
import { mappingHandlers } from './mappings';
import { planHandlers } from './plans';
import { recipeHandlers } from './recipes';
import { reportHandlers } from './reports';
import { requestHandlers } from './requests';
import { syncHandlers } from './sync';
import type { Handlers } from './types';

export function createHandlers(ctx: HandlerContext): Handlers {
  return {
    'app.info': async () => ({ version: ctx.version, dataDir: ctx.dataDir, sandboxUrl: ctx.sandboxUrl }),
    ...connectionHandlers(ctx),
    ...datasetHandlers(ctx),
    ...mappingHandlers(ctx),
    ...requestHandlers(ctx),
    ...jobHandlers(ctx),
    ...recipeHandlers(ctx),
    ...syncHandlers(ctx),
    ...reportHandlers(ctx),
    ...planHandlers(ctx),
  } satisfies Handlers;
}
