// Writes every bound parameter of a statement as `+?` (or `+@name`), so that SQLite compiles the
// statement once and not again on every run.
//
// Why: SQLite's planner marks a parameter "re-plan when rebound" when it looks at its value — a LIMIT, or
// an equality that some candidate index does not use (whereLoopOutputAdjust, sqlite3ExprIsInteger with
// bRSI). It means to re-plan only when the value moves to or from 0/1, but `sqlite3_clear_bindings`
// expires a statement with any such mark, and better-sqlite3 clears the bindings after every run of a
// statement it bound for that run. So such a statement was parsed and planned again on every run:
// measured on SQLite 3.54.1 (better-sqlite3 13.2.0), a two-table join by primary key took 4.5 µs a run
// instead of 0.65, the already-sent lookup 47 µs instead of 6, and that made up half of creating a job.
// A unary plus leaves the value, its (absent) affinity and index use unchanged — `col = +?` still seeks
// the index on col — but the planner stops at it and never marks the parameter.
//
// The SQL is read as SQLite's tokenizer reads it: nothing inside '…' strings, "…" / `…` / […]
// identifiers or comments changes; a parameter already written `+?` stays as it is.

const PARAM_START = new Set(['?', '@', ':', '$']);

export function planStableSql(sql: string): string {
  let out = '';
  let i = 0;
  let lastSignificant = ''; // the last character outside whitespace, strings and comments
  while (i < sql.length) {
    const c = sql[i]!;
    const skipTo = skipQuotedOrComment(sql, i);
    if (skipTo > i) {
      out += sql.slice(i, skipTo);
      // A string or quoted name counts (its closing quote); a comment is like whitespace.
      if (c !== '-' && c !== '/') lastSignificant = sql[skipTo - 1]!;
      i = skipTo;
      continue;
    }
    // `a$b` and `x:y`-like runs inside a name are not parameters: one starts after a non-name character.
    if (PARAM_START.has(c) && !/[A-Za-z0-9_$]/.test(sql[i - 1] ?? ' ')) {
      const end = paramEnd(sql, i);
      if (end > i) {
        out += (lastSignificant === '+' ? '' : '+') + sql.slice(i, end);
        lastSignificant = sql[end - 1]!;
        i = end;
        continue;
      }
    }
    out += c;
    if (!/\s/.test(c)) lastSignificant = c;
    i++;
  }
  return out;
}

/** Where a string, a quoted identifier or a comment that starts at `i` ends; `i` when none starts there. */
function skipQuotedOrComment(sql: string, i: number): number {
  const c = sql[i];
  if (c === "'" || c === '"' || c === '`') {
    // A doubled quote is the quote itself; the token ends at the first single one.
    let j = i + 1;
    for (;;) {
      const k = sql.indexOf(c, j);
      if (k < 0) return sql.length;
      if (sql[k + 1] === c) j = k + 2;
      else return k + 1;
    }
  }
  if (c === '[') {
    const k = sql.indexOf(']', i + 1);
    return k < 0 ? sql.length : k + 1;
  }
  if (c === '-' && sql[i + 1] === '-') {
    const k = sql.indexOf('\n', i + 2);
    return k < 0 ? sql.length : k + 1;
  }
  if (c === '/' && sql[i + 1] === '*') {
    const k = sql.indexOf('*/', i + 2);
    return k < 0 ? sql.length : k + 2;
  }
  return i;
}

/** The end of a parameter token at `i` (`?`, `?12`, `@name`, `:name`, `$name`); `i` when it is not one. */
function paramEnd(sql: string, i: number): number {
  let j = i + 1;
  if (sql[i] === '?') {
    while (j < sql.length && /[0-9]/.test(sql[j]!)) j++;
    return j;
  }
  while (j < sql.length && /[A-Za-z0-9_]/.test(sql[j]!)) j++;
  return j > i + 1 ? j : i;
}
