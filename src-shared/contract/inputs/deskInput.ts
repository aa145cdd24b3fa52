// desk.save: what the app keeps of where the admin was (src-shared/contract/dto/desk.ts), each part bounded.
import { z } from 'zod';
import type { Recipe } from '../../recipes/types';
import { REPORT_NAMES, type ReportName } from '../../reports/types';
import { screenChoicesPatchSchema } from '../../desk/screenChoices';
import { id } from './commonInputs';
import { recipeDraftShape } from './recipeInput';

export const deskSave = () =>
  z.object({
    datasetId: id().nullable().optional(),
    screen: z
      .enum(['connections', 'import', 'map', 'preview', 'plan', 'run', 'recipes', 'history', 'reports'])
      .optional(),
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
        recipe: z.custom<Recipe>((v) => recipeDraftShape().safeParse(v).success, 'not a recipe being edited'),
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
    screenChoices: screenChoicesPatchSchema().optional(),
  });
