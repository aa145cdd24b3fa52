// Whether a row's target changed in the LMS between its plan and the plan's run: the record the plan read
// against the one read again just before the write, in the fields the plan compared. The admin confirmed
// the plan's verdict (old → new); a write on a target that moved since would make another change than the
// one shown (and overwrite someone's edit), so such a row is not written and waits for a new plan.
import { sameValue } from '../connectors/sameValue';
import type { CompareRule } from './fieldDiff';
import { fieldText, type LmsRecord } from './planner';
import type { PlanDiff } from './types';

export type Drift = { kind: 'appeared' } | { kind: 'gone' } | { kind: 'changed'; diff: PlanDiff[] };

/** How the plan's record and the one read now differ (null: not at all, as far as the plan looked). */
export function driftSincePlan(
  planned: LmsRecord | null,
  now: LmsRecord | null,
  fields: readonly string[],
  rules: Readonly<Record<string, CompareRule>> = {},
): Drift | null {
  if (planned === null) return now === null ? null : { kind: 'appeared' };
  if (now === null) return { kind: 'gone' };
  const diff: PlanDiff[] = [];
  for (const field of fields) {
    const was = fieldText(planned, field).trim();
    const is = fieldText(now, field).trim();
    if (!sameValue(was, is, rules[field]?.caseless)) diff.push({ field, old: was === '' ? null : was, new: is === '' ? null : is });
  }
  return diff.length ? { kind: 'changed', diff } : null;
}

/** "name: First4 Last4 → Someone Else; company: (none) → Umbrella", cut short when long. */
export function driftText(diff: readonly PlanDiff[]): string {
  const text = diff.map((d) => `${d.field}: ${d.old ?? '(none)'} → ${d.new ?? '(none)'}`).join('; ');
  return text.length > 300 ? `${text.slice(0, 297)}…` : text;
}
