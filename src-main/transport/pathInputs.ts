// Every contract input that names a file on this computer, and whether the handler reads or writes it.
// dispatch checks these (pathGrantCheck.ts) before the handler runs; a new method that takes a path must
// be listed here, or it would bypass the check (test/unit/transport/pathInputs.test.ts finds any schema
// with a `path` field that is missing).
import type { Input, Method } from '../../src-shared/contract/api';
import type { PathMode } from './callerContext';

export interface PathInput {
  /** The input field, as error messages name it. */
  field: string;
  path: string;
  mode: PathMode;
}

type PathInputTable = { [M in Method]?: (input: Input<M>) => PathInput[] };

export const PATH_INPUTS: Readonly<PathInputTable> = {
  'datasets.import': (i) =>
    i.source.kind === 'path' ? [{ field: 'source.path', path: i.source.path, mode: 'read' }] : [],
  // Without a path these write a new file into the data folder's exports/: main's own place, not a choice.
  'jobs.export': (i) => (i.path === undefined ? [] : [{ field: 'path', path: i.path, mode: 'write' }]),
  'reports.export': (i) => (i.path === undefined ? [] : [{ field: 'path', path: i.path, mode: 'write' }]),
};

export function pathInputsOf<M extends Method>(method: M, input: Input<M>): PathInput[] {
  const of = PATH_INPUTS[method] as ((i: Input<M>) => PathInput[]) | undefined;
  return of ? of(input) : [];
}
