// `--sandbox-options JSON`, as `bulk-desk` and `npm run serve` both take it: one reading of the text, each
// caller saying a refusal its own way (a usage error). No other import: the CLI's --help loads nothing heavy.
import type { SandboxOptions } from './types';

/** The options the JSON gives, or null when it is not a JSON object. */
export function parseSandboxOptionsJson(json: string): SandboxOptions | null {
  try {
    const parsed: unknown = JSON.parse(json);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as SandboxOptions;
  } catch {
    // not JSON: null below
  }
  return null;
}
