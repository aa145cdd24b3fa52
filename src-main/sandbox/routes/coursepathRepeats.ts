// What Coursepath answers a write repeated: adding a member to a course, program or group they are already in.
import { cpError, type Reply } from '../http/reply';
import type { Ctx } from '../router';

/**
 * A second enrolment, program add or group add is [GAP] (evidence.md, Unknown: "double-enrol answers"). By default the
 * sandbox answers 200 with the existing row; with `strictRepeats` 409. Why 409: Coursepath says it uses
 * conventional HTTP status codes (CPA), and 409 Conflict is the conventional answer to "what you ask to
 * create already exists" — the code the sandbox already gives a duplicate member (`duplicateMember`). A
 * 400 or 422 would read the same to a client that branches on the status class (a final 4xx).
 */
export function alreadyThere(ctx: Ctx, error: string, message: string): Reply | null {
  return ctx.opts.strictRepeats ? cpError(409, error, message) : null;
}
