// What a job may do, decided once as it starts, from its options, its template (a recipe's steps) and
// its pace: how many attempts a row gets, how long a request may take, whether a manual template's rows
// go out in batches, which rows are read back, and whether rows may be marked `sending` ahead of a free
// slot (src-shared/runner/reserveAhead.ts). That last one is about safety: a crash leaves a reserved row
// in doubt although it never left, so it is allowed only where the runner settles in-doubt rows by itself.
import type { JobOptions } from '../../src-shared/contract/api';
import type { Template } from '../../src-shared/connectors/types';
import { batchConfigOf, type BatchConfig } from '../../src-shared/connectors/customTemplate';
import type { Mapping } from '../../src-shared/mapping/types';
import { DEFAULT_MAX_ATTEMPTS, REQUEST_TIMEOUT_MS, type ThrottleSettings } from './connectionDefaults';
import { hasReadBack, type ReadBackMode } from './readBack';
import { settlesInDoubtAlone } from './reconcilers';

export interface JobPolicyInput {
  options: JobOptions;
  mapping: Mapping;
  /** The job's template (a recipe's first step's). */
  template: Template;
  /** A recipe's steps: whether any can be read back, and every step's template. Null for one template. */
  steps: { readBack: boolean; templates: readonly Template[] } | null;
  settings: Pick<ThrottleSettings, 'rateLimit' | 'ratePerSecond'>;
}

export interface JobPolicy {
  maxAttempts: number;
  timeoutMs: number;
  /** A manual template's batch settings: its rows go out several to a call. Null: one row per call. */
  batch: BatchConfig | null;
  /** Which succeeded writes are read back: the canary's rows (default), every row, or none. */
  readBack: ReadBackMode;
  /** The templates whose items may be reserved ahead: those whose in-doubt items settle themselves. */
  reservableSteps: ReadonlySet<string>;
  /**
   * Whether this job may reserve rows ahead at all: not for batches, a dry run, or a job paced by a rate
   * or a window (few commits per second there, and every reserved row is one more left in doubt).
   */
  mayReserve: boolean;
}

export function jobPolicy(p: JobPolicyInput): JobPolicy {
  const batch = batchConfigOf(p.template.id, p.mapping);
  const readable = p.steps ? p.steps.readBack : hasReadBack(p.template);
  const reservableSteps = new Set(
    (p.steps ? p.steps.templates : [p.template])
      .filter((t) => settlesInDoubtAlone(t, p.options))
      .map((t) => t.id),
  );
  return {
    maxAttempts: p.options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    timeoutMs: p.options.timeoutMs ?? REQUEST_TIMEOUT_MS,
    batch,
    readBack: p.options.dryRun || !readable ? 'off' : (p.options.readBack ?? 'canary'),
    reservableSteps,
    mayReserve:
      !batch &&
      !p.options.dryRun &&
      reservableSteps.size > 0 &&
      p.settings.rateLimit === null &&
      !Number.isFinite(p.settings.ratePerSecond),
  };
}
