// A report asked for (src-shared/reports/types.ts): which one, over which connections, with its choices.
import { z } from 'zod';
import { once } from '../../util/once';
import { reversedRange } from '../../reports/dateRange';
import { connectionIds } from './commonInputs';

const reportRequestShape = () =>
  z.discriminatedUnion('name', [
    z.object({ name: z.literal('completionRate'), connectionIds: connectionIds() }),
    z.object({ name: z.literal('startedNotFinished'), connectionIds: connectionIds() }),
    z.object({ name: z.literal('scores'), connectionIds: connectionIds() }),
    z.object({
      name: z.literal('timeToCompletion'),
      by: z.enum(['course', 'cohort']),
      connectionIds: connectionIds(),
    }),
    z.object({
      name: z.literal('compliance'),
      courseKeys: z.array(z.string().min(1).max(400)).max(500),
      by: z.enum(['client', 'company', 'department']),
      connectionIds: connectionIds(),
    }),
    z.object({ name: z.literal('contentFormats'), connectionIds: connectionIds() }),
    z.object({
      name: z.literal('progressOverTime'),
      from: z.number().int(),
      to: z.number().int(),
      connectionIds: connectionIds(),
    }),
  ]);

// A backwards range counts every completion as negative: refused here too, for a caller other than the
// CLI (which names its flags) and the Reports screen (which says so beside its fields).
export const reportRequest = once(() =>
  reportRequestShape().superRefine((r, ctx) => {
    if (r.name !== 'progressOverTime') return;
    const iso = (at: number) =>
      Number.isNaN(new Date(at).getTime()) ? String(at) : new Date(at).toISOString(); // beyond Date's range: as given
    const message = reversedRange(
      { at: r.from, label: `(${iso(r.from)})` },
      { at: r.to, label: `to (${iso(r.to)})` },
    );
    if (message) ctx.addIssue({ code: 'custom', path: ['from'], message });
  }),
);
