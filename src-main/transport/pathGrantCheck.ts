// The one place that decides whether a caller may name a file (see callerContext.ts): run by dispatch
// after the input is validated and before any handler sees it.
import type { Input, Method } from '../../src-shared/contract/api';
import { AppError } from '../../src-shared/contract/errors';
import type { CallerContext } from './callerContext';
import { pathInputsOf } from './pathInputs';

/** null when every path in the input may be used by this caller, else the error to answer with. */
export function checkPathGrants<M extends Method>(
  method: M,
  input: Input<M>,
  caller: CallerContext,
): AppError | null {
  if (caller.kind === 'cli') return null;
  for (const p of pathInputsOf(method, input)) {
    if (caller.kind === 'loopback') {
      return new AppError(
        'INVALID_INPUT',
        p.mode === 'read'
          ? `${p.field}: the browser UI cannot open files by their path on this computer. Choose or drop the file on the Import screen; it is uploaded.`
          : `${p.field}: the browser UI cannot write files by their path on this computer. Exports are downloaded by the browser.`,
        { field: p.field },
      );
    }
    if (!caller.grants.take(p.path, p.mode)) {
      return new AppError(
        'INVALID_INPUT',
        `${p.field}: Bulk Desk ${p.mode === 'read' ? 'opens' : 'saves to'} only a file you chose in its own ${
          p.mode === 'read' ? 'open dialog or dropped on the window' : 'save dialog'
        }, and only once. Choose the file again.`,
        { field: p.field },
      );
    }
  }
  return null;
}
