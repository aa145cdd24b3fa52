// Reads a V8 CPU profile (a .cpuprofile, as `node --cpu-prof` or the inspector writes it) into what the
// sending thread spent per row: its samples grouped by stage of the work (by their stacks) and the
// heaviest of our own functions (time including their callees). Used by bench/profileSendingThread.ts;
// pure, so a profile from anywhere can be read with it.

/** The parts of the .cpuprofile format this reads (Chrome DevTools protocol, Profiler.Profile). */
export interface CpuProfile {
  nodes: {
    id: number;
    /** lineNumber and columnNumber are 0-based (./profileSources.ts maps them to sources). */
    callFrame: { functionName: string; url: string; lineNumber?: number; columnNumber?: number };
    children?: number[];
  }[];
  samples: number[];
  /** µs since the previous sample, one per sample. */
  timeDeltas: number[];
}

export interface ProfileSummary {
  /** Every sample's time, idle included, per row (µs). */
  totalUsPerRow: number;
  /** Time per stage of the work (each sample counted once, by its stack: stageOf), per row (µs). */
  stages: { stage: string; usPerRow: number }[];
  /** Our own functions (src-main, src-shared) by time including callees, per row (µs), heaviest first. */
  ours: { fn: string; usPerRow: number }[];
}

type Frame = CpuProfile['nodes'][number]['callFrame'];

/** Where our own code lives (a frame's url). */
const OURS = /\/(src-main|src-shared)\//;

/**
 * The stages a sample can belong to, tried on each frame from the innermost out: the first frame that
 * names one decides (signing calls crypto, the HTTP exchange calls sockets; both are named by the
 * caller that says what the work was for).
 */
const STAGES: [string, (f: Frame) => boolean][] = [
  ['signing (a JWT per request)', (f) => /services\/signing\.ts$/.test(f.url) || f.functionName === 'jwt'],
  [
    'HTTP exchange (services/http.ts, node:http, sockets)',
    (f) =>
      /services\/http\.ts$/.test(f.url) ||
      /^node:(_http_|http$|net$|stream|internal\/(streams|stream_base|http|url))/.test(f.url),
  ],
  ['handing each turn to the writer thread', (f) => /db\/dbWriter\.ts$/.test(f.url)],
  [
    'reading due rows and their cells',
    (f) => /(db\/(items|datasetBlocks|rowCodec)|runner\/dueQueue)\.ts$/.test(f.url),
  ],
  ['building requests', (f) => /(src-shared\/mapping\/|services\/requestFactory\.ts$)/.test(f.url)],
  ['settling answers', (f) => /(settleAnswers|captureFields|answerDecision)\.ts$/.test(f.url)],
  ['the rest of Bulk Desk (the loop, throttle, progress)', (f) => OURS.test(f.url)],
  ['the benchmark child (CSV, progress lines)', (f) => /\/bench\//.test(f.url)],
];

/** What a sample was doing, from its stack (innermost frame first). */
export function stageOf(stack: readonly Frame[]): string {
  const leaf = stack[0]?.functionName;
  if (leaf === '(idle)') return 'idle (waiting: answers, the writer thread, timers)';
  if (leaf === '(garbage collector)') return 'garbage collection';
  if (leaf === '(program)') return 'V8 outside JavaScript';
  for (const f of stack) for (const [stage, test] of STAGES) if (test(f)) return stage;
  return 'other (Node.js, libraries)';
}

const short = (url: string) => url.replace(/^.*\/(src-main|src-shared)\//, '$1/');

export function summarizeProfile(p: CpuProfile, rows: number, top = 25): ProfileSummary {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<number, number>();
  p.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0)));
  let total = 0;
  const stages = new Map<string, number>();
  const ours = new Map<string, number>();
  for (const [id, us] of self) {
    total += us;
    const stack: Frame[] = [];
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at))
      stack.push(byId.get(at)!.callFrame);
    const stage = stageOf(stack);
    stages.set(stage, (stages.get(stage) ?? 0) + us);
    // Inclusive: each of our functions on the stack counts the sample once (recursion is not doubled).
    const seen = new Set<string>();
    for (const f of stack) {
      if (!OURS.test(f.url)) continue;
      // No line: under tsx, V8's lines are the compiled module's, not the source's (all 1 or 2 here).
      const name = `${f.functionName || '(anonymous)'} ${short(f.url)}`;
      if (seen.has(name)) continue;
      seen.add(name);
      ours.set(name, (ours.get(name) ?? 0) + us);
    }
  }
  const perRow = (us: number) => Math.round((us / rows) * 10) / 10;
  return {
    totalUsPerRow: perRow(total),
    stages: [...stages].sort((a, b) => b[1] - a[1]).map(([stage, us]) => ({ stage, usPerRow: perRow(us) })),
    ours: [...ours]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([fn, us]) => ({ fn, usPerRow: perRow(us) })),
  };
}
