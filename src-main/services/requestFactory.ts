// Turns one dataset row into the request that preview shows, test-send sends and the runner sends:
// the same src-shared buildRequest for all three, plus the connection's base URL and, at send time only,
// the Authorization header.
import { maskUrlUserinfo } from '../../src-shared/util/redact';
import type { ConnectionIdentity, RequestPreview } from '../../src-shared/contract/api';
import type { Template } from '../../src-shared/connectors/types';
import { rowKey } from '../../src-shared/connectors/rowKeys';
import { buildRequest } from '../../src-shared/mapping/buildRequest';
import type { BuiltRequest, Mapping, MappingIssue, RowValues } from '../../src-shared/mapping/types';
import { redactedAuthorization } from '../../src-shared/util/redact';
import type { ConnectionSecret } from './credentials';
import { authorizationFor } from './signing';

export interface Prepared {
  rowNumber: number;
  built: BuiltRequest | null;
  issues: MappingIssue[];
  url: string;
  /** What the row acts on, as the LMS compares it (src-shared/connectors/rowKeys.ts); null when invalid. */
  key: string | null;
}

export function rowValues(columns: readonly string[], cells: readonly string[]): RowValues {
  // fromEntries defines own properties, so even a column named `__proto__` keeps its value.
  return Object.fromEntries(columns.map((c, i) => [c, cells[i] ?? '']));
}

export function joinUrl(baseUrl: string, pathAndQuery: string): string {
  return baseUrl.replace(/\/+$/, '') + pathAndQuery;
}

export function prepareRow(
  template: Template,
  mapping: Mapping,
  baseUrl: string,
  columns: readonly string[],
  rowNumber: number,
  cells: readonly string[],
): Prepared {
  const { request, issues, values } = buildRequest(template, mapping, rowValues(columns, cells));
  return {
    rowNumber,
    built: request,
    issues,
    url: request ? joinUrl(baseUrl, request.pathAndQuery) : '',
    key: request ? rowKey(template, values, request) : null,
  };
}

/** Headers as shown and stored: Authorization replaced by a placeholder that says where it comes from. */
export function redactedHeaders(built: BuiltRequest, identity: ConnectionIdentity): Record<string, string> {
  return {
    ...built.headers,
    Authorization: redactedAuthorization(identity.api, identity.api === 'coassemble' ? identity.scheme : undefined),
  };
}

/** Headers as sent: signed now, for this attempt only. */
export function signedHeaders(
  built: BuiltRequest,
  identity: ConnectionIdentity,
  secret: ConnectionSecret,
): Record<string, string> {
  return { ...built.headers, Authorization: authorizationFor(identity, secret) };
}

export function toPreview(p: Prepared, identity: ConnectionIdentity, template: Template): RequestPreview {
  return {
    rowNumber: p.rowNumber,
    method: p.built?.method ?? template.method,
    // Shown, never sent: a user name and password in a legacy connection's address is masked.
    url: maskUrlUserinfo(p.url),
    headers: p.built ? redactedHeaders(p.built, identity) : {},
    body: p.built?.body ?? null,
    issues: p.issues.map((i) => ({ field: i.field, message: i.message, level: i.level })),
  };
}

/** A row sent with warnings, as one line: "Row 5: Name: only whitespace". */
export function describeWarnings(rowNumber: number, issues: readonly MappingIssue[]): string {
  return `Row ${rowNumber}: ${issues
    .filter((i) => i.level === 'warning')
    .map((i) => i.message)
    .join('; ')}`;
}

/** What is wrong with a row, once: each message already names its field ("Email: is required"). */
export function describeRowIssues(issues: readonly MappingIssue[]): string {
  return issues
    .filter((i) => i.level === 'error')
    .map((i) => i.message)
    .join('; ');
}

/** One line naming the row and what is wrong, for a skipped item (History, exports, the dry run). */
export function describeIssues(rowNumber: number, issues: readonly MappingIssue[]): string {
  return `Row ${rowNumber}: ${describeRowIssues(issues)}`;
}
