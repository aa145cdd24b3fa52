// Every built-in template, looked up by id. Template ids are saved in jobs, so they never change.
// The manual (custom) configuration is not a Template here: its shape depends on the admin's settings
// and columns, see `resolveTemplate` below; MANUAL_LISTING is what the lists say of it.
import { COASSEMBLE_TEMPLATES } from './coassemble';
import { COURSEPATH_TEMPLATES } from './coursepath';
import {
  MANUAL_METHODS,
  MANUAL_TEMPLATE_ID,
  MANUAL_TEMPLATE_NAME,
  manualTemplate,
  type ManualConfig,
} from './customTemplate';
import type { Mapping } from '../mapping/types';
import type { ApiKind, Template } from './types';

export const TEMPLATES: readonly Template[] = [...COURSEPATH_TEMPLATES, ...COASSEMBLE_TEMPLATES];

const byId = new Map(TEMPLATES.map((t) => [t.id, t]));

export function getTemplate(id: string): Template | undefined {
  return byId.get(id);
}

/**
 * The manual configuration as a list of templates shows it (`bulk-desk templates list`): one of the calls
 * an admin can choose, so listed, but with no fixed method, path or fields (those come from
 * `mapping.manual` and the file's columns), and marked `manual` so a script can tell it apart.
 */
export interface ManualListing {
  id: typeof MANUAL_TEMPLATE_ID;
  api: 'coassemble';
  name: string;
  description: string;
  manual: true;
  /** The methods a manual configuration may use. */
  methods: readonly ManualConfig['method'][];
  method: null;
  path: null;
  bodyEncoding: 'json';
  fields: readonly [];
}

export const MANUAL_LISTING: ManualListing = {
  id: MANUAL_TEMPLATE_ID,
  api: 'coassemble',
  name: MANUAL_TEMPLATE_NAME,
  description:
    'Any Coassemble endpoint, chosen by method and URL in the mapping\'s "manual" settings. Each column not ' +
    'excluded is sent as a body property of the same name; {Column} placeholders in the URL are filled from the ' +
    'row. A call that is not one of the catalog templates counts as destructive.',
  manual: true,
  methods: MANUAL_METHODS,
  method: null,
  path: null,
  bodyEncoding: 'json',
  fields: [],
};

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
