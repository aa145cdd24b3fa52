// Keeps the response fields a template names (a member id, a signed URL) so history and exports show them.
import type { Template } from '../../src-shared/connectors/types';

/**
 * An empty capture path means the whole answer: Coassemble answers a signed URL as plain text, not JSON
 * (its embed-starter `api/embed.js` and its Moodle client read the body as the URL), so the body is kept
 * as it is (trimmed; a JSON string is unquoted). Other paths are dotted paths into a JSON answer.
 */
export function captureFields(template: Template, body: string): Record<string, string> | null {
  if (!template.capture) return null;
  let json: unknown;
  let isJson = true;
  try {
    json = JSON.parse(body);
  } catch {
    isJson = false;
  }
  const out: Record<string, string> = {};
  for (const [label, path] of Object.entries(template.capture)) {
    if (path === '') {
      const whole = isJson && typeof json === 'string' ? json : body.trim();
      if (whole !== '') out[label] = whole;
      continue;
    }
    if (!isJson) continue;
    let v: unknown = json;
    for (const key of path.split('.'))
      v = v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined;
    if (v !== undefined && v !== null) out[label] = typeof v === 'string' ? v : JSON.stringify(v);
  }
  return Object.keys(out).length ? out : null;
}

/**
 * What an earlier success of the same key captured, for a row settled as already sent: a job item's
 * captured fields (kept as JSON), or — a test send keeps its answer, not captured fields — captured now
 * from that answer.
 */
export function capturedBefore(
  template: Template,
  prior: { captured: string | null; testBody: string | null },
): Record<string, string> | null {
  if (prior.captured) return JSON.parse(prior.captured) as Record<string, string>;
  return prior.testBody !== null ? captureFields(template, prior.testBody) : null;
}
