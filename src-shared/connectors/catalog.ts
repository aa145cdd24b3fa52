// Every built-in template, looked up by id. Template ids are saved in jobs, so they never change.
// The manual (custom) configuration is not listed here: its shape depends on the admin's settings and
// columns, see `resolveTemplate` in customTemplate.ts.
import { COASSEMBLE_TEMPLATES } from './coassemble';
import { COURSEPATH_TEMPLATES } from './coursepath';
import type { ApiKind, Template } from './types';

export const TEMPLATES: readonly Template[] = [...COURSEPATH_TEMPLATES, ...COASSEMBLE_TEMPLATES];

const byId = new Map(TEMPLATES.map((t) => [t.id, t]));

export function getTemplate(id: string): Template | undefined {
  return byId.get(id);
}

export function templatesFor(api: ApiKind): Template[] {
  return TEMPLATES.filter((t) => t.api === api);
}
