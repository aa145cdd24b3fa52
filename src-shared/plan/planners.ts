// Which templates have a plan. A plan compares a row with the record it acts on, so it exists where that
// record can be read: members, users, clients, enrolments, program memberships (as far as Coursepath
// lets them be read) and groups. Other templates are refused with why.
import { getTemplate } from '../connectors/catalog';
import type { Template } from '../connectors/types';
import { COASSEMBLE_PLANNERS } from './coassemblePlanners';
import { COURSEPATH_PLANNERS } from './coursepathPlanners';
import type { Planner } from './planner';
import type { PlanCounts } from './types';

export const PLANNERS: Readonly<Record<string, Planner>> = { ...COURSEPATH_PLANNERS, ...COASSEMBLE_PLANNERS };

export function plannerFor(templateId: string): Planner | undefined {
  return Object.hasOwn(PLANNERS, templateId) ? PLANNERS[templateId] : undefined;
}

/** Why a template has no plan, in words, naming the ones that have. */
export function noPlanReason(templateId: string): string {
  const t = getTemplate(templateId);
  const what = t ? `"${t.name}"` : `Template ${templateId}`;
  return (
    `${what} has no plan: a plan compares each row with the member, user, client, enrolment, program ` +
    'membership or group it acts on, and this call acts on something else (a course, a translation, a ' +
    'tracking, a signed URL, an invitation…). Use the dry run instead: it checks every row and sends nothing.'
  );
}

/**
 * The template a ready plan is sent with. A plan of "create member" runs as the create-or-update, which
 * overwrites profiles and asks for its phrase; when the plan found nothing to update, every row it sends
 * is a plain create, so it is sent as "create member" — the same calls, and nothing to confirm.
 */
export function runTemplateOf(
  plan: {
    templateId: string;
    runTemplateId: string;
    counts: PlanCounts;
  },
  templateOf: (id: string) => Template | undefined = getTemplate,
): string {
  const t = templateOf(plan.templateId);
  return plan.runTemplateId !== plan.templateId && plan.counts.update === 0 && t && !t.planOnly
    ? plan.templateId
    : plan.runTemplateId;
}
