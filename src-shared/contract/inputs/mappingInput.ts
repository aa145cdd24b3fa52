// A mapping's shape (src-shared/mapping/types.ts): each field's source and its transforms, the manual
// (custom) Coassemble configuration, and what a request names (dataset, connection, template, mapping).
import { z } from 'zod';
import { once } from '../../util/once';
import { id } from './commonInputs';

const transform = () =>
  z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('trim') }),
    z.object({ kind: z.literal('lower') }),
    z.object({ kind: z.literal('upper') }),
    z.object({ kind: z.literal('default'), value: z.string() }),
    z.object({ kind: z.literal('split'), separator: z.string().min(1), index: z.number().int() }),
    z.object({ kind: z.literal('map'), table: z.record(z.string(), z.string()) }),
    z.object({
      kind: z.literal('dateFormat'),
      from: z.string().min(1).max(100),
      to: z.string().min(1).max(100),
    }),
    z.object({
      kind: z.literal('regexReplace'),
      pattern: z.string().min(1).max(1000),
      flags: z.string().regex(/^[gimsu]*$/, 'flags may only be g, i, m, s and u'),
      replacement: z.string().max(10_000),
    }),
    z.object({
      kind: z.literal('conditional'),
      test: z.enum(['empty', 'equals']),
      value: z.string().max(10_000),
      then: z.string().max(10_000),
      otherwise: z.string().max(10_000).nullable(),
    }),
    // `resolved` is not accepted from outside: main fills it from the synced catalog (src-main/sync/lookups.ts).
    z.object({
      kind: z.literal('lookup'),
      entity: z.enum([
        'coassemble.course',
        'coursepath.course',
        'coassemble.user',
        'coursepath.member',
        'coursepath.program',
        'coursepath.group',
      ]),
      from: z.enum(['title', 'email', 'name']),
      connectionId: z.string().max(200), // '' = the connection the mapping sends to
      state: z.enum(['active', 'deleted']).optional(),
      to: z.enum(['id', 'name']).optional(),
    }),
  ]);
const fieldSource = () => {
  const t = transform();
  return z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('column'), column: z.string(), transforms: z.array(t).optional() }),
    z.object({ kind: z.literal('constant'), value: z.string() }),
    z.object({ kind: z.literal('template'), template: z.string(), transforms: z.array(t).optional() }),
    z.object({
      kind: z.literal('keyValue'),
      entries: z.array(z.object({ key: z.string().min(1), column: z.string() })),
    }),
    z.object({ kind: z.literal('none') }),
  ]);
};
const fieldType = () =>
  z.enum(['string', 'email', 'integer', 'boolean', 'enum', 'date', 'language', 'json', 'keyValue']);
// The manual (custom) Coassemble configuration, see src-shared/connectors/customTemplate.ts.
const manualConfig = () =>
  z.object({
    method: z.enum(['POST', 'PUT', 'DELETE']),
    url: z.string().min(1).max(2000),
    headers: z.record(z.string(), z.string().max(4000)).optional(),
    exclude: z.array(z.string()).optional(),
    types: z.record(z.string(), fieldType()).optional(),
    batch: z
      .object({
        size: z.number().int().min(1).max(10_000),
        grouping: z.discriminatedUnion('kind', [
          z.object({ kind: z.literal('sequential') }),
          z.object({ kind: z.literal('byColumn'), column: z.string() }),
        ]),
      })
      .nullable()
      .optional(),
    capture: z.record(z.string().min(1).max(100), z.string().max(200)).optional(),
  });

export const mapping = once(() =>
  z.object({
    fields: z.record(z.string(), fieldSource()),
    manual: manualConfig().optional(),
    bodyEncoding: z.enum(['json', 'form']).optional(),
    sendEmpty: z.object({ column: z.string() }).optional(),
  }),
);

/** What a request is made of: the dataset, connection, template and mapping. */
export const requestSpec = once(() => ({
  datasetId: id(),
  connectionId: id(),
  templateId: id(),
  mapping: mapping(),
}));
