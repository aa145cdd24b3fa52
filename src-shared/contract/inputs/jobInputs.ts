// A job's options as jobs.create, recipes.createJob and plans.run take them, and a row status as filters
// name one.
import { z } from 'zod';
import { once } from '../../util/once';
import { ITEM_STATUSES } from '../dto/jobs';

export const jobOptions = once(() =>
  z
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
        .object({
          failures: z.number().int().min(1).max(10_000),
          window: z.number().int().min(1).max(10_000),
        })
        .strict()
        .refine((b) => b.failures <= b.window, 'failures cannot be more than the window')
        .nullable()
        .optional(),
      canary: z.number().int().min(0, 'must be 0 (off) or more rows').max(1000).optional(),
      readBack: z.enum(['canary', 'all', 'off']).optional(),
      undo: z.boolean().optional(),
    })
    .strict(),
);

export const itemStatus = once(() => z.enum(ITEM_STATUSES));
