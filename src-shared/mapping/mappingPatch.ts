// A working mapping's change since the one last stored, as a patch: the fields that differ (whole), the
// fields gone, and the other parts (manual configuration, body encoding, empty values sent) set or unset.
// Sent instead of the whole mapping as a page goes when the whole would not fit a keepalive request (the
// browser's 64 KiB): a mapping with large value maps is that big, one field changed is not
// (src-renderer/stores/mappingStore.ts); main applies it to the mapping it stored (mappings.saveWorking's
// `patch`).
import type { Mapping } from './types';

export const MAPPING_PARTS = ['manual', 'bodyEncoding', 'sendEmpty'] as const;
export type MappingPart = (typeof MAPPING_PARTS)[number];

export interface MappingPatch {
  /** The fields that differ and the parts set, as in `next`. */
  mapping: Mapping;
  /** Fields `next` no longer has. */
  removed: string[];
  /** Parts `next` no longer has. */
  unset: MappingPart[];
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * What turns `base` into `next` — or each of several bases (the versions main may hold when it lands):
 * a field or part that any of them has otherwise is sent, so whichever it is applied to gives `next`.
 */
export function mappingPatch(base: Mapping | readonly Mapping[], next: Mapping): MappingPatch {
  const bases: readonly Mapping[] = Array.isArray(base) ? base : [base as Mapping];
  const mapping: Mapping = { fields: {} };
  for (const [k, s] of Object.entries(next.fields))
    if (bases.some((b) => !same(b.fields[k], s))) mapping.fields[k] = s;
  const removed = [...new Set(bases.flatMap((b) => Object.keys(b.fields)))].filter((k) => !(k in next.fields));
  const unset: MappingPart[] = [];
  for (const part of MAPPING_PARTS) {
    if (next[part] === undefined) {
      if (bases.some((b) => b[part] !== undefined)) unset.push(part);
    } else if (bases.some((b) => !same(b[part], next[part]))) Object.assign(mapping, { [part]: next[part] });
  }
  return { mapping, removed, unset };
}

/** `base` with `patch` applied. */
export function applyMappingPatch(base: Mapping, patch: MappingPatch): Mapping {
  const fields = { ...base.fields, ...patch.mapping.fields };
  for (const k of patch.removed) delete fields[k];
  const out: Mapping = { ...base, fields };
  for (const part of MAPPING_PARTS) {
    if (patch.unset.includes(part)) delete out[part];
    else if (patch.mapping[part] !== undefined) Object.assign(out, { [part]: patch.mapping[part] });
  }
  return out;
}
