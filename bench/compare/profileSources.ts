// A CPU profile of a built bench child (out/bench/*.js, ./builtChildren.ts) read as its sources: each
// frame in built code gets the URL of the source file it was built from, through the build's source map,
// so ./cpuProfileSummary.ts tells the stages apart by file as it does for TypeScript run through tsx.
import { readFileSync } from 'node:fs';
import { SourceMap, type SourceMapPayload } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { CpuProfile } from './cpuProfileSummary';

/** A built file's source map (`<file>.map` beside it), or null where there is none. */
export type SourceMapOf = (url: string) => SourceMap | null;

/**
 * The profile with each frame that a source map covers pointing at its source: `url` the source file's
 * (resolved against the map's location), and the function's name without the `$1`-style suffix the
 * bundler adds where two modules' top-level names collide.
 */
export function withSourceUrls(p: CpuProfile, mapOf: SourceMapOf): CpuProfile {
  return {
    ...p,
    nodes: p.nodes.map((n) => {
      const f = n.callFrame;
      const map = f.url ? mapOf(f.url) : null;
      if (!map || f.lineNumber === undefined || f.lineNumber < 0) return n;
      const entry = map.findEntry(f.lineNumber, f.columnNumber ?? 0);
      if (!('originalSource' in entry)) return n;
      return {
        ...n,
        callFrame: {
          ...f,
          url: new URL(entry.originalSource, f.url).href,
          functionName: f.functionName.replace(/\$\d+$/, ''),
        },
      };
    }),
  };
}

/** Reads `<file>.map` for file: URLs under `dir` (once each); null elsewhere. */
export function sourceMapsUnder(dir: string): SourceMapOf {
  const maps = new Map<string, SourceMap | null>();
  return (url) => {
    if (!url.startsWith('file:')) return null;
    const file = fileURLToPath(url);
    if (!file.startsWith(dir)) return null;
    if (!maps.has(file)) {
      let map: SourceMap | null = null;
      try {
        map = new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8')) as SourceMapPayload);
      } catch {
        // no map: the frame keeps its built URL
      }
      maps.set(file, map);
    }
    return maps.get(file)!;
  };
}
