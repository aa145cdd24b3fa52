// A recipe (src-shared/recipes/types.ts): its shape here; what its steps mean in validateRecipe.ts. Also
// read by recipeFile.ts for a recipe file, and a recipe's shape while it is edited (desk.save).
import { z } from 'zod';
import { once } from '../../util/once';
import { mapping } from './mappingInput';

const stepCondition = () =>
  z.union([
    z.object({ column: z.string().min(1).max(500), notEmpty: z.literal(true) }).strict(),
    z.object({ column: z.string().min(1).max(500), equals: z.string().max(500) }).strict(),
  ]);

export const recipeSchema = once(() =>
  z
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
              mapping: mapping(),
              when: stepCondition().optional(),
              forEach: z
                .object({ column: z.string().min(1).max(500), separator: z.string().min(1).max(10) })
                .strict()
                .optional(),
              optional: z.boolean().optional(),
            })
            .strict(),
        )
        .min(1, 'a recipe needs at least one step')
        .max(20),
    })
    .strict(),
);

/** A recipe as it is being edited: its shape only (a name may be empty while it is typed). */
export const recipeDraftShape = once(() =>
  z
    .object({
      id: z.string().max(100),
      name: z.string().max(200),
      api: z.enum(['coursepath', 'coassemble']),
      steps: z
        .array(
          z
            .object({ id: z.string().max(40), template: z.string().max(200), mapping: mapping() })
            .passthrough(),
        )
        .max(20),
    })
    .passthrough(),
);
