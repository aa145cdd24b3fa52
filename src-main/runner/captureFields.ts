// Keeps the response fields a template names (a member id, a signed URL) so history and exports show them.
import type { Template } from '../../src-shared/connectors/types';

export function captureFields(template: Template, body: string): Record<string, string> | null {
  if (!template.capture) return null;
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return null;
  }
  const out: Record<string, string> = {};
  for (const [label, path] of Object.entries(template.capture)) {
    let v: unknown = json;
    for (const key of path.split('.'))
      v = v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined;
    if (v !== undefined && v !== null) out[label] = typeof v === 'string' ? v : JSON.stringify(v);
  }
  return Object.keys(out).length ? out : null;
}
