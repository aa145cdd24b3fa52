// sync.*: bring the LMS's own data into SQLite (src-main/sync/). Thin: the service does the work.
import { completedRuns } from '../db/reports';
import type { HandlerContext } from './context';
import type { Handlers } from './types';

export function syncHandlers(ctx: HandlerContext) {
  return {
    'sync.start': async ({ connectionIds }) => ctx.sync.start(connectionIds),
    'sync.status': async () => ctx.sync.status(),
    'sync.runs': async () => completedRuns(ctx.db),
  } satisfies Partial<Handlers>;
}
