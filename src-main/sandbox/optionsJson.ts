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

// Every key of SandboxOptions, once: the type makes a key added there and missed here a compile error.
const KEYS: Record<keyof SandboxOptions, true> = {
  port: true,
  seed: true,
  faults: true,
  coassembleLimit: true,
  coursepathLimit: true,
  jwtWindowSeconds: true,
  jwtFutureSkewSeconds: true,
  plan: true,
  duplicateMember: true,
  legacyAuth: true,
  groupNameFrom: true,
  userDeleteDefault: true,
  trackingDeleteBody: true,
  dropWrites: true,
  strictRepeats: true,
  countRefused: true,
  screenTypes: true,
  realistic: true,
  ledgerLimit: true,
};
export const SANDBOX_OPTION_KEYS = Object.keys(KEYS) as (keyof SandboxOptions)[];

/**
 * A refusal for keys the sandbox does not know ('{"fault":"500:1"}', one letter short, ran a sandbox with
 * no faults and exit 0), or null when every key is known.
 */
export function unknownSandboxOptions(options: SandboxOptions): string | null {
  const unknown = Object.keys(options).filter((k) => !Object.hasOwn(KEYS, k));
  if (unknown.length === 0) return null;
  const named = unknown.map((k) => `"${k.slice(0, 40)}"`).join(', ');
  return `${named} ${unknown.length === 1 ? 'is not an option' : 'are not options'} of the sandbox (known: ${SANDBOX_OPTION_KEYS.join(', ')})`;
}
