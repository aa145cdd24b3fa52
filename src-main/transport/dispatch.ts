// The one entry point both transports call: check the method name, validate the input, check any file
// path against what the caller may use (pathGrantCheck.ts), run the handler, and turn whatever happens
// into a Result. Handlers never know which transport called them; only the path check asks who called.
import { dirname } from 'node:path';
import { METHODS, type Method } from '../../src-shared/contract/api';
import { AppError, err, ok, type Result } from '../../src-shared/contract/errors';
import { validateInput } from '../../src-shared/contract/validate';
import { describeStorageFault, storageFaultKind } from '../db/storageErrors';
import type { Handlers } from '../handlers/types';
import { CLI_CALLER, type CallerContext } from './callerContext';
import { checkPathGrants } from './pathGrantCheck';

/**
 * `caller`: each transport passes its own (loopback: LOOPBACK_CALLER; Electron: the window's grants).
 * In-process callers — the CLI, tests, benches — leave it out and are treated as the CLI.
 */
export type Dispatch = (method: string, input: unknown, caller?: CallerContext) => Promise<Result<unknown>>;

export function createDispatch(
  handlers: Handlers,
  log: (line: string) => void = () => {},
  dbFile = 'the database',
): Dispatch {
  return async (method, input, caller = CLI_CALLER) => {
    if (typeof method !== 'string' || !Object.hasOwn(METHODS, method)) {
      return err({ code: 'UNKNOWN_METHOD', message: `Unknown method: ${String(method).slice(0, 80)}` });
    }
    const m = method as Method;
    const checked = validateInput(m, input ?? {});
    if (!checked.ok) return checked;
    const refused = checkPathGrants(m, checked.value, caller);
    if (refused) return err(refused.toJSON());
    try {
      const handler = handlers[m] as (i: unknown) => Promise<unknown>;
      return ok(await handler(checked.value));
    } catch (e) {
      if (e instanceof AppError) return err(e.toJSON());
      // The database refused (locked, full, read-only, damaged): the cause in words, not "something went wrong".
      if (storageFaultKind(e)) {
        log(`storage fault in ${m}: ${e instanceof Error ? e.message : String(e)}`);
        return err({ code: 'INTERNAL', message: describeStorageFault(e, dbFile, dirname(dbFile)) });
      }
      // Unexpected: log the name and message only (never the input, which may hold a secret).
      log(`internal error in ${m}: ${e instanceof Error ? e.message : String(e)}`);
      return err({ code: 'INTERNAL', message: `Something went wrong in ${m}. See the app log for details.` });
    }
  };
}
