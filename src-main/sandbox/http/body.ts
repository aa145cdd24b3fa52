// Request bodies: JSON, application/x-www-form-urlencoded (PHP-style `mail[subject]` → nested objects)
// and simple multipart/form-data (text fields only). Coursepath clients may send either JSON or form
// (reference coursepath §1 [INF]); Coassemble documents DELETE /tracking as "FormData properties" (§8.3).
import type { IncomingMessage } from 'node:http';

export const MAX_BODY_BYTES = 1_000_000;

export type BodyResult =
  | { ok: true; body: Record<string, unknown> | unknown[] | null; raw: string }
  | { ok: false; status: 400 | 413; message: string };

export function readRaw(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooBig = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) tooBig = true;
      else chunks.push(c);
    });
    req.on('end', () => resolve(tooBig ? null : chunks.length === 0 ? '' : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function parseBody(raw: string, contentType: string | undefined): BodyResult {
  if (raw.length === 0) return { ok: true, body: null, raw };
  const ct = (contentType ?? '').toLowerCase();
  if (ct.startsWith('application/x-www-form-urlencoded')) {
    return { ok: true, body: formToObject(new URLSearchParams(raw)), raw };
  }
  if (ct.startsWith('multipart/form-data')) {
    const m = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType ?? '');
    const boundary = m?.[1] ?? m?.[2];
    if (!boundary) return { ok: false, status: 400, message: 'Malformed multipart body' };
    return { ok: true, body: formToObject(parseMultipart(raw, boundary.trim())), raw };
  }
  // JSON is the default (also when no content type is sent).
  try {
    const parsed: unknown = JSON.parse(raw);
    if (parsed === null || typeof parsed !== 'object') {
      return { ok: false, status: 400, message: 'Request body must be a JSON object' };
    }
    return { ok: true, body: parsed as Record<string, unknown> | unknown[], raw };
  } catch {
    return { ok: false, status: 400, message: 'Request body is not valid JSON' };
  }
}

/** Names that reach the object prototype when used as keys: a form key naming one is ignored. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * `a=1&mail[subject]=Hi&tags[]=x&tags[]=y` → `{a:'1', mail:{subject:'Hi'}, tags:['x','y']}`. A key with
 * a part named `__proto__`, `constructor` or `prototype` is ignored: walked into, it would change every
 * object of this process (one request could make "email is required" hold no more until a restart).
 */
export function formToObject(params: Iterable<[string, string]>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of params) {
    const m = /^([^[\]]+)((?:\[[^[\]]*\])+)$/.exec(key);
    if (!m || !m[1] || !m[2]) {
      if (!PROTOTYPE_KEYS.has(key)) out[key] = value;
      continue;
    }
    const path = [m[1], ...[...m[2].matchAll(/\[([^[\]]*)\]/g)].map((x) => x[1] ?? '')];
    if (path.some((seg) => PROTOTYPE_KEYS.has(seg))) continue;
    let node: Record<string, unknown> | unknown[] = out;
    for (let i = 0; i < path.length; i++) {
      const seg = path[i] ?? '';
      const last = i === path.length - 1;
      if (Array.isArray(node)) {
        if (last) node.push(value);
        else {
          const child: Record<string, unknown> = {};
          node.push(child);
          node = child;
        }
        continue;
      }
      if (last) {
        node[seg] = value;
        break;
      }
      const nextIsArray = path[i + 1] === '';
      let child = node[seg];
      if (typeof child !== 'object' || child === null) {
        child = nextIsArray ? [] : {};
        node[seg] = child;
      }
      node = child as Record<string, unknown> | unknown[];
    }
  }
  return out;
}

function parseMultipart(raw: string, boundary: string): [string, string][] {
  const fields: [string, string][] = [];
  for (const part of raw.split(`--${boundary}`)) {
    const sep = part.indexOf('\r\n\r\n');
    if (sep < 0) continue;
    const head = part.slice(0, sep);
    const name = /name="([^"]*)"/i.exec(head)?.[1];
    if (name === undefined || /filename=/i.test(head)) continue;
    fields.push([name, part.slice(sep + 4).replace(/\r\n$/, '')]);
  }
  return fields;
}
