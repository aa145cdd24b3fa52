// SandboxOptions with defaults applied.
import { REALISTIC_DEFAULTS, type RealisticOptions } from './capacity';
import type { RateLimit, SandboxOptions } from './types';

export interface ResolvedOptions {
  port: number;
  seed: number | undefined;
  faults: string;
  coassembleLimit: RateLimit | null;
  coursepathLimit: RateLimit | null;
  jwtWindowSeconds: number;
  jwtFutureSkewSeconds: number;
  plan: 'core' | 'automate';
  duplicateMember: 'existing' | 'conflict';
  legacyAuth: boolean;
  groupNameFrom: 'body' | 'query' | 'either';
  userDeleteDefault: 'delete' | 'ignore';
  trackingDeleteBody: 'form' | 'any';
  dropWrites: ReadonlySet<string>;
  strictRepeats: boolean;
  countRefused: boolean;
  screenTypes: 'retired' | 'legacy';
  ledgerLimit: number;
  realistic: RealisticOptions | null;
}

export const DEFAULT_COASSEMBLE_LIMIT: RateLimit = { requests: 100, windowMs: 60_000 };

export function resolveOptions(o: SandboxOptions = {}): ResolvedOptions {
  return {
    port: o.port ?? 0,
    seed: o.seed,
    faults: o.faults ?? '',
    coassembleLimit: o.coassembleLimit === undefined ? DEFAULT_COASSEMBLE_LIMIT : o.coassembleLimit,
    coursepathLimit: o.coursepathLimit ?? null,
    jwtWindowSeconds: o.jwtWindowSeconds ?? 120,
    jwtFutureSkewSeconds: o.jwtFutureSkewSeconds ?? 30,
    plan: o.plan ?? 'automate',
    duplicateMember: o.duplicateMember ?? 'existing',
    legacyAuth: o.legacyAuth ?? false,
    groupNameFrom: o.groupNameFrom ?? 'body',
    userDeleteDefault: o.userDeleteDefault ?? 'delete',
    trackingDeleteBody: o.trackingDeleteBody ?? 'form',
    dropWrites: new Set(o.dropWrites ?? []),
    strictRepeats: o.strictRepeats ?? false,
    countRefused: o.countRefused ?? false,
    screenTypes: o.screenTypes ?? 'retired',
    ledgerLimit: o.ledgerLimit ?? 200_000,
    realistic: resolveRealistic(o.realistic),
  };
}

function resolveRealistic(r: SandboxOptions['realistic']): RealisticOptions | null {
  if (!r) return null;
  if (r === true) return REALISTIC_DEFAULTS;
  return {
    latency: r.latency ?? REALISTIC_DEFAULTS.latency,
    capacity: { ...REALISTIC_DEFAULTS.capacity, ...r.capacity },
  };
}
