// Answers that are only good for a while: a Coassemble signed URL expires 3 hours after it is made
// (evidence.md). A row whose earlier success made such an answer, and whose call is safe to send again,
// is no longer "already sent" once that answer has expired — a new run of the file makes the fresh URLs
// it is run for. A row not safe to repeat (an `edit` embed without a course id creates a draft course
// each time) stays already sent however old: sending it again would do more than renew an answer.
import { normaliseKeyValue, rowKeySpec } from './rowKeys';
import type { Template } from './types';

/** Whether the row a key names is safe to send again, read from the key (`action=view courseId=12 …`). */
function keyIsIdempotent(template: Template, key: string): boolean {
  if (template.idempotent) return true;
  const when = template.idempotentWhen;
  if (!when) return false;
  const parts = key.split(' ');
  if ('present' in when) return parts.some((p) => p.startsWith(`${when.field}=`));
  const compare = rowKeySpec(template)?.fields.find(([f]) => f === when.field)?.[1] ?? 'text';
  return parts.includes(`${when.field}=${normaliseKeyValue(when.equals, compare)}`);
}

/** An earlier success (at `at`) of `key` whose answer has expired by `now`, so the row may go again. */
export function answerExpired(template: Template | undefined, key: string, at: number, now: number): boolean {
  if (!template?.answerValidForMs) return false;
  return now - at >= template.answerValidForMs && keyIsIdempotent(template, key);
}

/**
 * Until when a captured answer works: made when its send began (`sentAt`; the LMS made it during the
 * send), for as long as its template says. Null where it does not expire.
 */
export function answerValidUntil(template: Template | undefined, sentAt: number | null): number | null {
  if (!template?.answerValidForMs || sentAt === null) return null;
  return sentAt + template.answerValidForMs;
}
