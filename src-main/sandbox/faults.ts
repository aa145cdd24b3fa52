// Injected faults, drawn from a seeded PRNG so a run can be repeated.
// Spec: "500:0.05,reset:0.02,503:0.01,timeout:0.01,lost:0.01,latency:20-80".
//   500 / 503     answer that status without doing the work (503 carries Retry-After)
//   reset         destroy the socket without answering and without doing the work
//   timeout       never answer (the socket stays open until the client gives up)
//   lost          do the work, then destroy the socket: the client cannot know it succeeded
//   cut           do the work, then answer its status and headers and half its body, and destroy the
//                 socket: the client knows the status but not the whole answer (an answer cut off mid-body)
//   504           do the work, then answer 504 as a gateway in front of the LMS does when the LMS was too
//                 slow: an answer came, but not the LMS's (the other in-doubt case)
//   latency:A-B   delay every request by A..B ms (latency:N for a fixed delay)
import { mulberry32, type Rng } from './prng';

export type FaultKind = '500' | '503' | 'reset' | 'timeout' | 'lost' | 'cut' | '504';
const KINDS: readonly FaultKind[] = ['500', '503', 'reset', 'timeout', 'lost', 'cut', '504'];

export interface FaultSpec {
  rates: { kind: FaultKind; rate: number }[];
  latency: { min: number; max: number } | null;
}

export interface FaultDecision {
  kind: FaultKind | null;
  latencyMs: number;
}

const unknownFault = (name: string) => new Error(`unknown fault "${name}" (known: ${KINDS.join(', ')}, latency)`);

export function parseFaults(text: string | undefined): FaultSpec {
  const spec: FaultSpec = { rates: [], latency: null };
  if (!text || !text.trim()) return spec;
  let total = 0;
  for (const part of text.split(',')) {
    const [rawName, rawValue] = part.split(':').map((s) => s.trim());
    // A name it does not know is said as such, with the names there are, whether a rate follows or not.
    if (rawName && rawName !== 'latency' && !KINDS.some((k) => k === rawName)) throw unknownFault(rawName);
    if (!rawName || rawValue === undefined)
      throw new Error(`invalid fault "${part.trim()}" (expected name:rate, e.g. 500:0.05, or latency:MIN-MAX)`);
    if (rawName === 'latency') {
      const m = /^(\d+)(?:-(\d+))?$/.exec(rawValue);
      if (!m) throw new Error(`invalid latency "${rawValue}" (expected MIN-MAX ms)`);
      const min = Number(m[1]);
      const max = m[2] === undefined ? min : Number(m[2]);
      if (max < min) throw new Error(`invalid latency "${rawValue}"`);
      spec.latency = { min, max };
      continue;
    }
    const kind = KINDS.find((k) => k === rawName);
    if (!kind) throw unknownFault(rawName);
    const rate = Number(rawValue);
    if (!Number.isFinite(rate) || rate < 0 || rate > 1) throw new Error(`fault rate must be 0..1: "${part}"`);
    total += rate;
    spec.rates.push({ kind, rate });
  }
  if (total > 1 + 1e-9) throw new Error('fault rates add up to more than 1');
  return spec;
}

export class FaultInjector {
  private rng: Rng;

  constructor(
    private readonly spec: FaultSpec,
    private readonly seed: number,
  ) {
    this.rng = mulberry32(seed ^ 0xfa017);
  }

  get active(): boolean {
    return this.spec.rates.length > 0 || this.spec.latency !== null;
  }

  /** Exactly two draws per request, whatever the outcome, so the sequence depends only on request order. */
  next(): FaultDecision {
    if (!this.active) return { kind: null, latencyMs: 0 };
    const r = this.rng();
    const l = this.rng();
    let kind: FaultKind | null = null;
    let acc = 0;
    for (const { kind: k, rate } of this.spec.rates) {
      acc += rate;
      if (r < acc) {
        kind = k;
        break;
      }
    }
    const lat = this.spec.latency;
    const latencyMs = lat ? lat.min + Math.floor(l * (lat.max - lat.min + 1)) : 0;
    return { kind, latencyMs };
  }

  reset(): void {
    this.rng = mulberry32(this.seed ^ 0xfa017);
  }
}
