// Form bodies (application/x-www-form-urlencoded) as the admin reads and edits them: a list of
// name/value pairs, decoded, instead of `name=Nguy%E1%BB%85n+O%27Brien`. Encoding the pairs again gives
// the same bytes encodeForm wrote, so an unedited body round-trips exactly (test/unit/mapping/formBody).
import { formEncode } from './encodeBody';

export type FormPair = readonly [name: string, value: string];

function decode(s: string): string {
  const plus = s.replaceAll('+', ' ');
  try {
    return decodeURIComponent(plus);
  } catch {
    return plus; // a stray % that is not an escape: shown as it is
  }
}

export function parseFormBody(body: string): FormPair[] {
  if (body === '') return [];
  return body.split('&').map((part) => {
    const i = part.indexOf('=');
    return i < 0 ? [decode(part), ''] : [decode(part.slice(0, i)), decode(part.slice(i + 1))];
  });
}

/** A form name: like a value, but `mail[subject]`'s brackets stay readable, as encodeForm writes them. */
export function formEncodeName(name: string): string {
  return formEncode(name).replaceAll('%5B', '[').replaceAll('%5D', ']');
}

export function encodeFormBody(pairs: readonly FormPair[]): string {
  return pairs.map(([n, v]) => `${formEncodeName(n)}=${formEncode(v)}`).join('&');
}

/** The media type of a Content-Type header, lower-cased, without parameters. */
export function mediaType(headers: Readonly<Record<string, string>>): string {
  const ct = Object.entries(headers).find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? '';
  return ct.split(';')[0]!.trim().toLowerCase();
}

export const isFormType = (headers: Readonly<Record<string, string>>) =>
  mediaType(headers) === 'application/x-www-form-urlencoded';
export const isJsonType = (headers: Readonly<Record<string, string>>) =>
  /^application\/([\w.+-]+\+)?json$/.test(mediaType(headers));

/** Why `text` is not JSON, with the line and column where the parser stopped; null when it is. */
export function jsonProblem(text: string): string | null {
  try {
    JSON.parse(text);
    return null;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const at = /position (\d+)/.exec(message);
    if (!at || /line \d+/.test(message)) return `Not valid JSON: ${message}`;
    const before = text.slice(0, Number(at[1]));
    const line = before.split('\n').length;
    const column = before.length - before.lastIndexOf('\n');
    return `Not valid JSON: ${message} (line ${line}, column ${column})`;
  }
}
