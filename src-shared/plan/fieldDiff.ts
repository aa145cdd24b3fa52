// Field by field, what the LMS holds against what a row sets. Only the fields the row sends are compared
// (a field left out of the request stays as it is in the LMS). A field the record does not carry at all —
// an API whose answer leaves it out, a synced catalog that does not keep it — is not known, and counts as
// different: sending it again is harmless, assuming it equal could hide a change.
import { sameValue } from '../connectors/sameValue';
import { fieldText, type LmsRecord } from './planner';
import type { PlanDiff } from './types';

export interface CompareRule {
  /** Compared without case (an email address, an ISO country code). */
  caseless?: boolean;
}

export function fieldDiff(
  sent: ReadonlyMap<string, string>,
  record: LmsRecord,
  rules: Readonly<Record<string, CompareRule>> = {},
): PlanDiff[] {
  const out: PlanDiff[] = [];
  for (const [field, value] of sent) {
    if (!Object.hasOwn(record, field)) {
      out.push({ field, old: null, new: value, unknown: true });
      continue;
    }
    const old = fieldText(record, field);
    if (!sameValue(value, old, rules[field]?.caseless)) out.push({ field, old: old === '' ? null : old, new: value });
  }
  return out;
}

/** Everything a new record would get: each sent field, from nothing. */
export const createDiff = (sent: ReadonlyMap<string, string>): PlanDiff[] =>
  [...sent].map(([field, value]) => ({ field, old: null, new: value }));

/**
 * Coassemble metadata is replaced whole, never merged (evidence.md, confirmed): every key of the new
 * object that differs, and every key the LMS has that the row leaves out — it is removed.
 */
export function metadataDiff(sent: ReadonlyMap<string, string>, held: unknown): PlanDiff[] {
  const old =
    held && typeof held === 'object' && !Array.isArray(held) ? (held as Record<string, unknown>) : {};
  const out: PlanDiff[] = [];
  for (const [k, v] of sent) {
    const o = Object.hasOwn(old, k) ? fieldText(old, k) : null;
    if (o !== v) out.push({ field: `metadata.${k}`, old: o, new: v });
  }
  for (const k of Object.keys(old)) {
    if (!sent.has(k)) out.push({ field: `metadata.${k}`, old: fieldText(old, k), new: null });
  }
  return out;
}
