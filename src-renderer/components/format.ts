// Small, pure formatting helpers shared by components.
import type { AppErrorShape } from '../../src-shared/contract/errors';
import { formatDateTime } from '../../src-shared/util/dates';
import { formatDuration } from '../../src-shared/util/duration';

export const fmtInt = (n: number) => n.toLocaleString('en-US');

export { plural } from '../../src-shared/util/plural';

export function fmtDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  return formatDuration(ms);
}

/** `3 Dec 2026, 14:05`, local (src-shared/util/dates.ts); a dash for no time. */
export function fmtTime(at: number | null | undefined): string {
  if (!at) return '—';
  return formatDateTime(at);
}

export function fmtRate(perSecond: number): string {
  if (perSecond >= 10) return `${perSecond.toFixed(0)}/s`;
  if (perSecond >= 1) return `${perSecond.toFixed(1)}/s`;
  return `${(perSecond * 60).toFixed(1)}/min`;
}

/** "Row 12, field email: …" — where the problem is, then what it is; said once when the message says it. */
export function describeError(e: AppErrorShape): { where: string | null; message: string } {
  const d = e.details;
  const parts: string[] = [];
  if (d?.row !== undefined && !new RegExp(`^Row ${d.row}\\b`).test(e.message)) parts.push(`Row ${d.row}`);
  if (d?.column) parts.push(`column “${d.column}”`);
  if (d?.field) parts.push(`field “${d.field}”`);
  return { where: parts.length ? parts.join(', ') : null, message: e.message };
}

/** Pretty-prints JSON bodies; anything else is shown as sent. */
export function prettyBody(body: string | null | undefined): string {
  if (body === null || body === undefined || body === '') return '';
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}
