// Pagination rules of the two APIs.
//  Coassemble (reference §3.2): `page` zero-based (default 0), `length` (default 100), length clamped to
//    100 [INF]; responses are bare JSON arrays; invalid values → 400 BAD_REQUEST.
//  Coursepath (reference §4): `offset` (zero-based [INF]) and `limit`, per-endpoint default 100/250/500;
//    the maximum is [GAP]: the sandbox clamps to 500. Bare JSON arrays.
import { caError, cpError, type Reply } from './http/reply';

export const CA_MAX_LENGTH = 100;
export const CP_MAX_LIMIT = 500;

type Slice = { ok: true; start: number; count: number } | { ok: false; reply: Reply };

function nonNegInt(text: string | null): number | null | undefined {
  if (text === null || text === '') return undefined;
  if (!/^\d+$/.test(text)) return null;
  return Number(text);
}

export function caPage(query: URLSearchParams, defaultLength = 100): Slice {
  const page = nonNegInt(query.get('page'));
  const length = nonNegInt(query.get('length'));
  if (page === null) return { ok: false, reply: caError(400, 'page must be a non-negative integer') };
  if (length === null) return { ok: false, reply: caError(400, 'length must be a non-negative integer') };
  const count = Math.min(length ?? defaultLength, CA_MAX_LENGTH);
  return { ok: true, start: (page ?? 0) * count, count };
}

export function cpPage(query: URLSearchParams, defaultLimit: number): Slice {
  const offset = nonNegInt(query.get('offset'));
  const limit = nonNegInt(query.get('limit'));
  if (offset === null) return { ok: false, reply: cpError(400, 'invalid_parameter', 'offset must be a non-negative integer') };
  if (limit === null) return { ok: false, reply: cpError(400, 'invalid_parameter', 'limit must be a non-negative integer') };
  return { ok: true, start: offset ?? 0, count: Math.min(limit ?? defaultLimit, CP_MAX_LIMIT) };
}

export function slice<T>(items: T[], s: { start: number; count: number }): T[] {
  return items.slice(s.start, s.start + s.count);
}
