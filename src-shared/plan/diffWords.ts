// A plan's diff in words, the same in the CLI, a job's note and the Plan screen: `field: old → new`.
// What the LMS holds no value of reads "(none)"; a field its record does not carry at all (the synced
// catalog does not keep it, or the LMS's answer leaves it out) is not known — it counts as different
// (fieldDiff.ts), but is not said as if the LMS had no value.
import type { PlanDiff, PlanSource } from './types';

/** Where a field that is not known was not found: the synced catalog, or the LMS's answer. */
export function unknownWords(source: PlanSource | undefined): string {
  return source?.kind === 'sync' ? '(not in the synced catalog)' : "(not in the LMS's answer)";
}

/** The old side of one field. */
export function oldWords(d: PlanDiff, source: PlanSource | undefined): string {
  return d.old ?? (d.unknown ? unknownWords(source) : '(none)');
}

/** "firstname: (not in the synced catalog) → Ann; company: (none) → Umbrella", cut short when long. */
export function diffText(diff: readonly PlanDiff[], source: PlanSource | undefined): string {
  const text = diff.map((d) => `${d.field}: ${oldWords(d, source)} → ${d.new ?? '(removed)'}`).join('; ');
  return text.length > 300 ? `${text.slice(0, 297)}…` : text;
}
