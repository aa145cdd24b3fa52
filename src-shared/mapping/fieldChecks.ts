// Per-field checks on a resolved value, with error (the row is not sent) and warning (sent, but look).
// Pure and cheap: they run on every row of a 100,000-row file before anything is sent.
import type { FieldSpec, Template } from '../connectors/types';
import type { FieldValue } from './applyMapping';
import { isoDateProblem } from './isoDate';
import type { MappingIssue } from './types';
import { isDotSegment } from './urlPath';
import { quoteValue } from '../util/quoteValue';

// Deliberately simple: one @, no spaces, a dot in the domain. Servers do the strict check; this catches
// the spreadsheet slips (a name in the email column, a trailing space, a missing @).
const EMAIL = /^[^\s@"<>,;]+@[^\s@"<>,;]+\.[^\s@"<>,;.]+$/;
const DIGITS = /^\d+$/;
// BCP-47 / IETF language tag, loosely: a 2–3 letter language, then subtags (script, region, variant).
const LANGUAGE = /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$/;
const BOOLEAN = new Set(['true', 'false', 'yes', 'no', '1', '0']);

// Invisible format characters (Unicode Cf): a zero-width space pasted from a web page or chat looks like
// nothing, passes the shape check, and makes an address no mail server delivers to.
const FORMAT_CHAR = /\p{Cf}/u;
const FORMAT_NAMES: Readonly<Record<number, string>> = {
  0xad: 'soft hyphen',
  0x200b: 'zero width space',
  0x200c: 'zero width non-joiner',
  0x200d: 'zero width joiner',
  0x200e: 'left-to-right mark',
  0x200f: 'right-to-left mark',
  0x2060: 'word joiner',
  0xfeff: 'zero width no-break space',
};

/**
 * The first character of `v` that `re` matches: its code point, and "U+200B (zero width space)" with the
 * name `names` gives it, or `unnamed`'s; its position is 1-based, by code point. Null when there is none.
 */
function firstOf(
  v: string,
  re: RegExp,
  names: Readonly<Record<number, string>>,
  unnamed?: string,
): { cp: number; code: string; position: number } | null {
  if (!re.test(v)) return null;
  const chars = [...v];
  const at = chars.findIndex((c) => re.test(c));
  const cp = chars[at]!.codePointAt(0)!;
  const name = names[cp] ?? unnamed;
  return {
    cp,
    code: `U+${cp.toString(16).toUpperCase().padStart(4, '0')}${name ? ` (${name})` : ''}`,
    position: at + 1,
  };
}

/** The first invisible format character in `v`, as "U+200B (zero width space) at position 4" (1-based). */
function invisibleCharacter(v: string): string | null {
  const c = firstOf(v, FORMAT_CHAR, FORMAT_NAMES, 'format character');
  return c && `${c.code} at position ${c.position}`;
}

// Control characters (C0 but tab, LF and CR; DEL; C1): no name, title or address holds one. A stray
// one comes from an old export or a paste, and the LMS stores it as it is, where it breaks exports,
// emails and certificates, or rewrites a terminal that prints it. Refused, not warned: the row is easily
// fixed (edit the cell, or a Regex replace transform), while a value sent with one stays in the LMS.
const CONTROL_CHAR = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]/;
const CONTROL_NAMES: Readonly<Record<number, string>> = {
  0x00: 'null',
  0x07: 'bell',
  0x08: 'backspace',
  0x0b: 'vertical tab',
  0x0c: 'form feed',
  0x1b: 'escape',
  0x7f: 'delete',
};

/**
 * What is wrong with a value holding a control character: the first one, as "U+001B (escape) at position
 * 4" (1-based, by code point), and what to do; null when it holds none.
 */
function controlProblem(v: string): string | null {
  const c = firstOf(v, CONTROL_CHAR, CONTROL_NAMES);
  if (!c) return null;
  const what =
    c.cp >= 0x80
      ? 'C1 controls (U+0080–U+009F) usually mean the file was read in the wrong encoding; import it again choosing its encoding'
      : 'remove it from the cell';
  return `${quoteValue(v)} has a control character ${c.code} at position ${c.position}, which text never holds: ${what}`;
}

export function isEmail(v: string): boolean {
  return EMAIL.test(v) && !FORMAT_CHAR.test(v);
}

/** Maps the spellings a spreadsheet uses for yes/no onto a boolean; undefined if it is neither. */
export function parseBoolean(v: string): boolean | undefined {
  const s = v.trim().toLowerCase();
  if (!BOOLEAN.has(s)) return undefined;
  return s === 'true' || s === 'yes' || s === '1';
}

function issue(field: FieldSpec, level: MappingIssue['level'], message: string): MappingIssue {
  return { field: field.key, level, message: `${field.label}: ${message}` };
}

function surroundingSpace(v: string): boolean {
  return v !== v.trim();
}

/** Checks one present value against its field's type. `json` says the body is JSON (numbers go bare). */
export function checkValue(field: FieldSpec, value: FieldValue, json: boolean): MappingIssue[] {
  if (typeof value !== 'string') {
    if (field.type !== 'keyValue')
      return [issue(field, 'error', 'key-value pairs only fit a metadata field')];
    // Each pair's value is a cell too.
    for (const [key, v] of value) {
      const control = controlProblem(v);
      if (control) return [issue(field, 'error', `key "${key}": ${control}`)];
    }
    return [];
  }
  if (value === '') return []; // only a keepEmpty field holds '' here: it is sent as "" or null
  const out: MappingIssue[] = [];
  // Before the whitespace check: a vertical tab or form feed alone would pass as "only whitespace".
  const control = controlProblem(value);
  if (control) {
    out.push(issue(field, 'error', control));
    return out;
  }
  // Trim is offered only where it fixes the value: a course title in an id field stays a title once
  // trimmed (a lookup is what it needs, and Map suggests one).
  const trimFixes = (ok: (v: string) => boolean) =>
    surroundingSpace(value) && ok(value.trim()) ? ' (it has spaces around it: add the Trim transform)' : '';
  if (value.trim() === '') {
    out.push(issue(field, field.required ? 'error' : 'warning', 'only whitespace'));
    return out;
  }
  if (field.location === 'path' && isDotSegment(value)) {
    out.push(
      issue(
        field,
        'error',
        `${quoteValue(value)} would change the request's path: a "." or ".." segment is resolved before sending, so the request would go to another address`,
      ),
    );
    return out;
  }
  switch (field.type) {
    case 'email': {
      const invisible = invisibleCharacter(value);
      if (invisible)
        out.push(
          issue(
            field,
            'error',
            `${quoteValue(value)} has an invisible character ${invisible}: retype the address or remove it`,
          ),
        );
      else if (!isEmail(value))
        out.push(issue(field, 'error', `${quoteValue(value)} is not an email address${trimFixes(isEmail)}`));
      break;
    }
    case 'integer':
      if (!DIGITS.test(value))
        out.push(
          issue(
            field,
            'error',
            `${quoteValue(value)} is not ${field.count ? 'a count (a whole number: digits only)' : 'a numeric id (digits only)'}${trimFixes((v) => DIGITS.test(v))}`,
          ),
        );
      else if (field.count === 'unknownMinimum' && Number(value) === 0)
        // Sent, since no source says the LMS refuses it; but a 0 is more often a slip than a wish.
        out.push(
          issue(
            field,
            'warning',
            `${quoteValue(value)} is sent as it is, but the LMS's lower bound for it is unknown (not documented), so it may refuse the row`,
          ),
        );
      else if (json && field.location === 'body' && value.length > 1 && value.startsWith('0'))
        out.push(
          issue(field, 'error', `${quoteValue(value)} has leading zeros, which a JSON number cannot keep`),
        );
      else if (json && field.location === 'body' && value.length > 15)
        out.push(
          issue(
            field,
            'warning',
            `${quoteValue(value)} is longer than 15 digits; it is sent exactly, but some servers round such numbers`,
          ),
        );
      break;
    case 'boolean':
      if (parseBoolean(value) === undefined)
        out.push(issue(field, 'error', `${quoteValue(value)} is not true/false, yes/no or 1/0`));
      break;
    case 'enum':
      if (field.options && !field.options.includes(value))
        out.push(
          issue(
            field,
            'error',
            `${quoteValue(value)} is not one of ${field.options.map((o) => `"${o}"`).join(', ')}${trimFixes((v) => field.options!.includes(v))}`,
          ),
        );
      break;
    case 'date': {
      const problem = isoDateProblem(value);
      if (problem) out.push(issue(field, 'error', `${quoteValue(value)} ${problem}`));
      break;
    }
    case 'language':
      if (!LANGUAGE.test(value))
        out.push(
          issue(
            field,
            'error',
            `${quoteValue(value)} is not a language code such as en, fr or es-ES${trimFixes((v) => LANGUAGE.test(v))}`,
          ),
        );
      break;
    case 'json':
    case 'keyValue':
      out.push(...checkJson(field, value));
      break;
    case 'string':
      if (field.location === 'path' && surroundingSpace(value))
        out.push(issue(field, 'warning', `${quoteValue(value)} has spaces around it`));
      break;
  }
  return out;
}

function checkJson(field: FieldSpec, value: string): MappingIssue[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return [issue(field, 'error', 'is not valid JSON')];
  }
  const isObject = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
  if (field.type === 'keyValue' && !isObject)
    return [issue(field, 'error', 'must be a JSON object such as {"team":"red"}')];
  if (field.key === 'options' && !isObject) return [issue(field, 'error', 'must be a JSON object')];
  return [];
}

/** Required fields, per-value checks and the template's cross-field rules for one resolved row. */
export function checkFields(template: Template, values: ReadonlyMap<string, FieldValue>): MappingIssue[] {
  const out: MappingIssue[] = [];
  const json = template.bodyEncoding === 'json';
  for (const field of template.fields) {
    const v = values.get(field.key);
    if (v === undefined) {
      if (field.required)
        out.push(
          issue(
            field,
            'error',
            field.location === 'path'
              ? 'is required (it is part of the URL)'
              : field.options?.length
                ? `is required: one of ${field.options.map((o) => JSON.stringify(o)).join(', ')}`
                : 'is required',
          ),
        );
      continue;
    }
    const found = checkValue(field, v, json);
    for (const i of found) out.push(i);
  }
  for (const rule of template.rules ?? []) {
    if (
      rule.kind === 'requiredWhen' &&
      values.get(rule.when.field) === rule.when.equals &&
      !values.has(rule.field)
    ) {
      out.push({ field: rule.field, level: 'error', message: rule.message });
    }
  }
  return out;
}
