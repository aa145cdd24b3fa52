// Turns resolved field values into the exact bytes of a body, path segment or query string.
//
// JSON is written by hand rather than with JSON.stringify on a parsed object, for one reason: a typed
// number or JSON value is emitted exactly as the admin's cell spelled it, so a 20-digit id is not
// rounded through a float. Strings go through JSON.stringify, which keeps every character.
import type { FieldSpec, Template } from '../connectors/types';
import { TEXT_TYPES, type FieldValue } from './applyMapping';
import { parseBoolean } from './fieldChecks';
import type { MappingIssue } from './types';

type Node = { raw: string } | { str: string } | { obj: Map<string, Node> };

// Lone surrogates cannot be percent-encoded (encodeURIComponent throws); they become U+FFFD, as they
// would in any UTF-8 encoder. A CSV decoded from bytes never contains them; random test strings do.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const ANY_SURROGATE = /[\uD800-\uDFFF]/;

function wellFormed(s: string): string {
  return ANY_SURROGATE.test(s) ? s.replace(LONE_SURROGATE, '\uFFFD') : s;
}

/** Percent-encodes one path segment: `u/1` → `u%2F1`. */
export function encodePathSegment(s: string): string {
  return encodeURIComponent(wellFormed(s));
}

/** `%XX` for each byte. */
const PERCENT: readonly string[] = Array.from(
  { length: 256 },
  (_, b) => '%' + b.toString(16).toUpperCase().padStart(2, '0'),
);

/**
 * What each ASCII character becomes in application/x-www-form-urlencoded (WHATWG): alphanumerics and
 * `*-._` as they are, space as `+`, every other character `%XX`.
 */
const FORM_ASCII: readonly string[] = Array.from({ length: 128 }, (_, c) =>
  /[A-Za-z0-9*\-._]/.test(String.fromCharCode(c)) ? String.fromCharCode(c) : c === 32 ? '+' : PERCENT[c]!,
);

/**
 * application/x-www-form-urlencoded for one name or value, as WHATWG's URLSearchParams writes it: space
 * as +, only *-._ and alphanumerics bare, every other character as the %XX of its UTF-8 bytes (a lone
 * surrogate as U+FFFD's). Written out by hand rather than as encodeURIComponent plus fix-ups: every row's
 * fields are encoded when the file is checked and again when sent, and this is ~4× faster on emails and
 * names (accented ones included, which encodeURIComponent's path made the slowest).
 */
export function formEncode(s: string): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let e: string;
    let units = 1;
    if (c < 0x80) {
      e = FORM_ASCII[c]!;
      if (e.length === 1 && c !== 32) continue; // kept as it is
    } else {
      e = utf8Percent(s, c, i);
      if (e.length === 12) units = 2; // four bytes: a surrogate pair, both halves written
    }
    out += s.slice(from, i) + e;
    i += units - 1;
    from = i + 1;
  }
  return from === 0 ? s : out + s.slice(from);
}

/** The %XX of the UTF-8 bytes of the character starting at `i` (code unit `c`, not ASCII). */
function utf8Percent(s: string, c: number, i: number): string {
  if (c < 0x800) return PERCENT[0xc0 | (c >> 6)]! + PERCENT[0x80 | (c & 63)]!;
  if (c >= 0xd800 && c <= 0xdfff) {
    const d = c <= 0xdbff ? s.charCodeAt(i + 1) : NaN;
    if (!(d >= 0xdc00 && d <= 0xdfff)) return '%EF%BF%BD'; // a lone surrogate: U+FFFD
    const cp = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
    return (
      PERCENT[0xf0 | (cp >> 18)]! +
      PERCENT[0x80 | ((cp >> 12) & 63)]! +
      PERCENT[0x80 | ((cp >> 6) & 63)]! +
      PERCENT[0x80 | (cp & 63)]!
    );
  }
  return PERCENT[0xe0 | (c >> 12)]! + PERCENT[0x80 | ((c >> 6) & 63)]! + PERCENT[0x80 | (c & 63)]!;
}

function leafFor(field: FieldSpec, value: string, json: boolean): Node {
  // An empty cell reaches here only for keepEmpty fields: "" for text, null for a typed value.
  if (value === '') return json && !TEXT_TYPES.has(field.type) ? { raw: 'null' } : { str: '' };
  if (!json) {
    if (field.type === 'boolean') return { str: parseBoolean(value) ? 'true' : 'false' };
    return { str: value };
  }
  switch (field.type) {
    case 'integer':
      return field.location === 'body' ? { raw: value } : { str: value };
    case 'boolean':
      return { raw: parseBoolean(value) ? 'true' : 'false' };
    case 'json':
    case 'keyValue':
      return { raw: value.trim() };
    default:
      return { str: value };
  }
}

function nodeFor(field: FieldSpec, value: FieldValue, json: boolean): Node {
  if (typeof value === 'string') return leafFor(field, value, json);
  return { obj: new Map(value.map(([k, v]) => [k, { str: v }] as const)) };
}

const namePaths = new WeakMap<FieldSpec, readonly string[]>();

function namePath(field: FieldSpec): readonly string[] {
  let p = namePaths.get(field);
  if (!p) namePaths.set(field, (p = field.literalName ? [field.name] : field.name.split('.')));
  return p;
}

/** Builds the body tree from present body fields; dotted names nest (`mail.subject`). */
export function bodyTree(
  template: Template,
  values: ReadonlyMap<string, FieldValue>,
  issues: MappingIssue[],
): Map<string, Node> {
  const root = new Map<string, Node>();
  const json = template.bodyEncoding === 'json';
  for (const field of template.fields) {
    if (field.location !== 'body' && !(field.location === 'query' && field.alsoInBody)) continue;
    const v = values.get(field.key);
    if (v === undefined) continue;
    const path = namePath(field);
    let obj = root;
    let ok = true;
    for (const seg of path.slice(0, -1)) {
      const next = obj.get(seg);
      if (next === undefined) {
        const child = new Map<string, Node>();
        obj.set(seg, { obj: child });
        obj = child;
      } else if ('obj' in next) {
        obj = next.obj;
      } else {
        ok = false;
        break;
      }
    }
    const leaf = path[path.length - 1] as string;
    if (!ok || obj.has(leaf)) {
      issues.push({
        field: field.key,
        level: 'error',
        message: `${field.label}: body property "${field.name}" clashes with another field`,
      });
      continue;
    }
    obj.set(leaf, nodeFor(field, v, json));
  }
  return root;
}

export function encodeJson(node: Node | Map<string, Node>): string {
  if (node instanceof Map) {
    let out = '{';
    let first = true;
    for (const [k, v] of node) {
      out += (first ? '' : ',') + JSON.stringify(k) + ':' + encodeJson(v);
      first = false;
    }
    return out + '}';
  }
  if ('raw' in node) return node.raw;
  if ('str' in node) return JSON.stringify(node.str);
  return encodeJson(node.obj);
}

/** Form pairs; nested objects become `mail[subject]` (brackets left readable, as PHP and qs accept). */
export function encodeForm(tree: Map<string, Node>): string {
  const pairs: string[] = [];
  const walk = (m: Map<string, Node>, prefix: string | null) => {
    for (const [k, v] of m) {
      const name = prefix === null ? formEncode(k) : `${prefix}[${formEncode(k)}]`;
      if ('obj' in v) walk(v.obj, name);
      else pairs.push(`${name}=${formEncode('raw' in v ? v.raw : v.str)}`);
    }
  };
  walk(tree, null);
  return pairs.join('&');
}

export interface EncodedBody {
  body: string | null;
  contentType: string | null;
}

/**
 * The body for a template. JSON POST/PUT with nothing mapped sends `{}` (Coassemble's own client does
 * that for body-less calls); form bodies with nothing, and `none` templates, send no body at all.
 */
export function encodeBody(
  template: Template,
  values: ReadonlyMap<string, FieldValue>,
  issues: MappingIssue[],
): EncodedBody {
  if (template.bodyEncoding === 'none') return { body: null, contentType: null };
  const tree = bodyTree(template, values, issues);
  if (template.bodyEncoding === 'json') {
    if (tree.size === 0 && template.method !== 'POST' && template.method !== 'PUT')
      return { body: null, contentType: null };
    return { body: encodeJson(tree), contentType: 'application/json' };
  }
  if (tree.size === 0) return { body: null, contentType: null };
  return { body: encodeForm(tree), contentType: 'application/x-www-form-urlencoded' };
}
