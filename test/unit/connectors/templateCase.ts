// Shared helper for the per-template tests: build one sample row through a column mapping and compare
// method, URL and body exactly.
import { expect } from 'vitest';
import { getTemplate } from '../../../src-shared/connectors/catalog';
import { buildRequest } from '../../../src-shared/mapping/buildRequest';
import type { FieldSource, Mapping } from '../../../src-shared/mapping/types';

export interface TemplateCase {
  id: string;
  /** Row: column name → cell. Columns are mapped to the field of the same key unless `mapping` says otherwise. */
  row: Record<string, string>;
  mapping?: Record<string, FieldSource>;
  method: string;
  url: string;
  body: string | null;
}

export function checkCase(c: TemplateCase): void {
  const template = getTemplate(c.id);
  if (!template) throw new Error(`no template ${c.id}`);
  const fields: Mapping['fields'] = {};
  for (const key of Object.keys(c.row)) fields[key] = { kind: 'column', column: key };
  Object.assign(fields, c.mapping ?? {});
  const { request, issues } = buildRequest(template, { fields }, c.row);
  expect(issues).toEqual([]);
  expect(request?.method).toBe(c.method);
  expect(request?.pathAndQuery).toBe(c.url);
  expect(request?.body).toBe(c.body);
  expect(Object.keys(request?.headers ?? {}).map((h) => h.toLowerCase())).not.toContain('authorization');
  if (c.body === null) expect(request?.headers['Content-Type']).toBeUndefined();
}
