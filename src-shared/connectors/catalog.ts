// Every built-in template, looked up by id. Template ids are saved in jobs, so they never change.
// The manual (custom) configuration is not listed here: its shape depends on the admin's settings and
// columns, see `resolveTemplate` in customTemplate.ts.
import { COASSEMBLE_TEMPLATES } from './coassemble';
import { COURSEPATH_TEMPLATES } from './coursepath';
import { MANUAL_TEMPLATE_ID, manualTemplate } from './customTemplate';
import type { Mapping } from '../mapping/types';
import type { ApiKind, Template } from './types';

export const TEMPLATES: readonly Template[] = [...COURSEPATH_TEMPLATES, ...COASSEMBLE_TEMPLATES];

const byId = new Map(TEMPLATES.map((t) => [t.id, t]));

export function getTemplate(id: string): Template | undefined {
  return byId.get(id);
}

export function templatesFor(api: ApiKind): Template[] {
  return TEMPLATES.filter((t) => t.api === api);
}

/**
 * The template a request spec means: a catalog template, or for `coassemble.manual` the one built from
 * `mapping.manual` and the file's columns (undefined when that configuration is missing or invalid;
 * `checkManualConfig` says why).
 */
export function resolveTemplate(
  id: string,
  mapping: Mapping,
  columns: readonly string[],
): Template | undefined {
  if (id !== MANUAL_TEMPLATE_ID) return getTemplate(id);
  return mapping.manual ? (manualTemplate(mapping.manual, columns).template ?? undefined) : undefined;
}
