// What a plan previewed and runs: the templates it froze when it was made (migration 26) — its own and its
// run's — never the catalog's of the day: an upgrade that changes a catalog template (its path, a field,
// its danger) does not change the calls a plan already showed, nor what its job sends. A plan made before
// migration 26 has none frozen and resolves them from the catalog as it always did.
import { getTemplate } from '../../src-shared/connectors/catalog';
import type { Template } from '../../src-shared/connectors/types';
import { runTemplateOf } from '../../src-shared/plan/planners';
import type { PlanRecord } from '../db/plans';

type Frozen = Pick<PlanRecord, 'templates'>;

/** The plan's template with this id: the one it froze, else (an older plan) the catalog's. */
export function planTemplate(plan: Frozen, id: string): Template | undefined {
  return plan.templates?.find((t) => t.id === id) ?? getTemplate(id);
}

/** The templates a new plan freezes: its own and, when another, the one its run sends. */
export function templatesToFreeze(template: Template, runTemplateId: string): Template[] {
  if (runTemplateId === template.id) return [template];
  const run = getTemplate(runTemplateId);
  return run ? [template, run] : [template];
}

/** The id of the template a ready plan is sent with (runTemplateOf), from its frozen templates. */
export function planRunTemplateId(plan: Frozen & Parameters<typeof runTemplateOf>[0]): string {
  return runTemplateOf(plan, (id) => planTemplate(plan, id));
}
