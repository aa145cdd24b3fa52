// Reading an LMS's answer that may or may not be JSON (an HTML error page, a plain-text signed URL, an
// empty body): the parsed value or undefined, and whether a value is a JSON object (not null, not an array).

export function parseJsonOrUndefined(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

export const isJsonObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
