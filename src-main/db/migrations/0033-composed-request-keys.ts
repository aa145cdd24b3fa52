// Migration 33. A row of the manual configuration is keyed by the fingerprint of its whole request
// (rowKeys.ts requestKey), which was taken of the request's bytes as sent: a member typed on a Mac
// (e + U+0301) and the same member typed elsewhere (é) were two keys, unlike every other key (composed
// since migration 0030), so "already sent" missed the twin. Keys are taken of the request composed now; a
// request already composed keeps the key it had, so only keys of requests that composing changes are
// recomputed here, from the request stored with them (an item's sends, a test send).
//
// A stored key is recomputed only when the stored request gives back that very fingerprint: the bytes it
// was taken of are then known, not guessed. The url holds the connection's address before the path, whose
// own path part is not known here, so each `/` of the url's path is tried as the start of the path and
// query; a body cut for its size (over 64 KB) does not give the fingerprint back, and its key stays.
// Running it again changes nothing: a recomputed key is no request's fingerprint of decomposed bytes.
import { composedRequestText, fingerprint } from '../../../src-shared/connectors/rowKeys';
import type { Db } from '../openDb';

const PAGE = 1000;
const PREFIX = 'request=';

/** The texts a fingerprint may have been taken of: method, a path and query the url ends with, body. */
function sentTexts(method: string, url: string, body: string | null): string[] {
  const scheme = url.indexOf('://');
  const host = scheme < 0 ? 0 : scheme + 3;
  const ends: string[] = [''];
  for (let i = host; i < url.length; i++) if (url[i] === '/' || url[i] === '?') ends.push(url.slice(i));
  return ends.map((pathAndQuery) => `${method} ${pathAndQuery}\n${body ?? ''}`);
}

/** The composed key of a stored key whose request is stored and composes otherwise; else null. */
export function recomputedKey(
  key: string,
  method: string,
  url: string | null,
  body: string | null,
): string | null {
  if (!key.startsWith(PREFIX) || url === null) return null;
  const hash = key.slice(PREFIX.length);
  for (const text of sentTexts(method, url, body)) {
    if (fingerprint(text) !== hash) continue;
    const composed = composedRequestText(text);
    return composed === text ? null : `${PREFIX}${fingerprint(composed)}`;
  }
  return null;
}

/**
 * Only requests with a character beyond ASCII or an escape can compose otherwise (GLOB's class: any
 * character outside space … tilde, a line break included, so JavaScript has the last word).
 */
const MAY_COMPOSE = (col: string) => `(${col} GLOB '*[^ -~]*' OR ${col} GLOB '*%*')`;

function recomposeItems(db: Db): void {
  const page = db.prepare(
    `SELECT i.id, i.row_key AS key, i.method, a.id AS attempt, a.url, a.request_body AS body
       FROM job_items i JOIN attempts a ON a.item_id = i.id
      WHERE i.row_key LIKE '${PREFIX}%' AND (${MAY_COMPOSE('a.url')} OR ${MAY_COMPOSE('a.request_body')})
        AND (i.id, a.id) > (?, ?)
      ORDER BY i.id, a.id LIMIT ${PAGE}`,
  );
  const set = db.prepare('UPDATE job_items SET row_key = ? WHERE id = ? AND row_key = ?');
  for (let cursor = [-1, -1]; ;) {
    const rows = page.all(...cursor) as {
      id: number;
      key: string;
      method: string;
      attempt: number;
      url: string | null;
      body: string | null;
    }[];
    for (const r of rows) {
      const composed = recomputedKey(r.key, r.method, r.url, r.body);
      if (composed) set.run(composed, r.id, r.key); // an item's other sends find it recomputed already
    }
    if (rows.length < PAGE) return;
    cursor = [rows.at(-1)!.id, rows.at(-1)!.attempt];
  }
}

function recomposeTestSends(db: Db): void {
  const rows = db
    .prepare(
      `SELECT id, row_key AS key, method, url, request_body AS body FROM test_calls
        WHERE row_key LIKE '${PREFIX}%' AND (${MAY_COMPOSE('url')} OR ${MAY_COMPOSE('request_body')})`,
    )
    .all() as { id: number; key: string; method: string; url: string; body: string | null }[];
  const set = db.prepare('UPDATE test_calls SET row_key = ? WHERE id = ?');
  for (const r of rows) {
    const composed = recomputedKey(r.key, r.method, r.url, r.body);
    if (composed) set.run(composed, r.id);
  }
}

export function up(db: Db): void {
  recomposeItems(db);
  recomposeTestSends(db);
}
