// `bulk-desk …` commands kept in words — a job's stop reason, its events, a row's error or note — were
// written without the data folder they belong to (the runner does not know how the CLI was started, and
// older reasons predate hints that do). The CLI shows them with `--data-dir` added for a folder that is
// not the default, at display time, so the stored history stays as it was written.

/**
 * Adds `flag` (e.g. `--data-dir /srv/desk`, shell-quoted already) to each `bulk-desk …` command of `text`
 * that is closed by `)`, a backtick or `"` (opened by the same, or a parenthesis around more words) and
 * does not name a folder yet. `flag` null (the default folder): the text as it is.
 */
export function withDataDir(text: string, flag: string | null): string {
  if (!flag) return text;
  // In parentheses, the command runs to the closing one: a double-quoted argument inside (a --confirm
  // phrase) is whole, so the flag goes after it.
  text = text.replace(/\((bulk-desk (?:[^()`"\n]|"[^"\n]*")*?)\s*\)/g, (whole, cmd: string) =>
    !cmd.includes('"') || /(^|\s)--data-dir(\s|=|$)/.test(cmd) ? whole : `(${cmd} ${flag})`,
  );
  // Otherwise the command runs to its closing mark; a quote inside (an argument) leaves it alone rather than guess.
  return text.replace(
    /([(`"]?)(bulk-desk [^()`"\n]*?)\s*([)`"])/g,
    (whole, open: string, cmd: string, close: string) => {
      const pair = open === '(' ? ')' : open;
      if ((open && pair !== close) || (!open && close !== ')')) return whole;
      if (/(^|\s)--data-dir(\s|=|$)/.test(cmd)) return whole;
      return `${open}${cmd} ${flag}${close}`;
    },
  );
}
