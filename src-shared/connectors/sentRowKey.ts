// A row's key read back from the request that was sent, for rows whose keys were never stored (jobs from
// before keys existed: src-main/safety/legacyRowKeys.ts). Each key field's value is what its request
// carries (./rowIdempotent.ts `sentValue`), so this is the text `rowKey` made from the row's values then.
import type { FieldValue } from '../mapping/applyMapping';
import type { BuiltRequest } from '../mapping/types';
import { rowKey, rowKeySpec } from './rowKeys';
import { sentValue } from './rowIdempotent';
import type { Template } from './types';

/** The key of a sent request, or null when the request carries none of the key's fields. */
export function sentRowKey(template: Template, sent: BuiltRequest): string | null {
  const values = new Map<string, FieldValue>();
  for (const [field] of rowKeySpec(template)?.fields ?? []) {
    const v = sentValue(template, sent, field);
    if (v !== null) values.set(field, v);
  }
  const key = rowKey(template, values, sent);
  return key === '' ? null : key;
}

/**
 * The path and query of a request sent as `url` to a connection at `baseUrl` (requestFactory's joinUrl
 * undone), or null when the URL is not under it (the connection's address changed since): the path alone
 * cannot be told from a base path then.
 */
export function sentPathAndQuery(baseUrl: string, url: string): string | null {
  const base = baseUrl.replace(/\/+$/, '');
  return url.startsWith(base) && (url.length === base.length || '/?'.includes(url[base.length]!))
    ? url.slice(base.length)
    : null;
}

/**
 * The key a test send records: the row's own (`rowKey`, as a job computes it) unless the admin's edit of
 * the body changed what the request acts on (another email, another id) — then the edited request's, so
 * the row's own member, never created, is not skipped as sent. Both requests are read back alike, so an
 * edit of other fields (a name) keeps the row's key exactly as the job compares it.
 */
export function testSendKey(template: Template, rowKeyOfRow: string, original: BuiltRequest, sent: BuiltRequest): string {
  if (sent.body === original.body) return rowKeyOfRow;
  const edited = sentRowKey(template, sent);
  return edited === sentRowKey(template, original) ? rowKeyOfRow : (edited ?? rowKeyOfRow);
}
