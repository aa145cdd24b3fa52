// A CommonJS package required at its first use instead of imported when the program starts. An import is
// paid by every start of the CLI (the keychain's native module, the CSV parser, the proxy agents: tens of
// milliseconds of CPU each), though most commands never use the package; a require waits for the first
// call that does. The package must be CommonJS (or a native module): require cannot load an ES one.
import { createRequire } from 'node:module';

const load = createRequire(import.meta.url);

/** A getter for package `name`, loaded at the getter's first call; its types come from `import type`. */
export function lazyRequire<T>(name: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= load(name) as T);
}
