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

/** What turns `base` into `next`. */
export function mappingPatch(base: Mapping, next: Mapping): MappingPatch {
  const mapping: Mapping = { fields: {} };
  for (const [k, s] of Object.entries(next.fields)) if (!same(base.fields[k], s)) mapping.fields[k] = s;
  const removed = Object.keys(base.fields).filter((k) => !(k in next.fields));
  const unset: MappingPart[] = [];
  for (const part of MAPPING_PARTS) {
    if (next[part] === undefined) {
      if (base[part] !== undefined) unset.push(part);
    } else if (!same(base[part], next[part])) Object.assign(mapping, { [part]: next[part] });
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
