// "Requests per second" as the admin types it on Run (before a run, and to change a running job's pace):
// empty means the connection's default; a number with a decimal point or a decimal comma ("0,5", as many
// locales write it), optionally followed by "/s". Anything else is refused saying so — it was read with
// parseFloat, so "0,5" became 0 and "abc" nothing, both taken as "no rate set": the job then ran at the
// connection's default, on an LMS without a documented limit at full speed.
export type RateText = { ok: true; value: number | null } | { ok: false; message: string };

export function readRateText(text: string): RateText {
  const t = text.trim();
  if (t === '') return { ok: true, value: null };
  const m = /^(\d*)(?:[.,](\d+))?\s*(?:\/\s*s)?$/.exec(t);
  if (!m || (m[1] === '' && m[2] === undefined))
    return {
      ok: false,
      message: `Requests per second: “${t}” is not a number. Type one such as 2 or 0.5, or leave it empty for the default.`,
    };
  const value = Number(`${m[1] || '0'}.${m[2] ?? '0'}`);
  if (value <= 0)
    return {
      ok: false,
      message: `Requests per second: 0 requests per second would send nothing. Type a rate such as 0.5, or leave it empty for the default (to stop sending, pause the job).`,
    };
  return { ok: true, value };
}
