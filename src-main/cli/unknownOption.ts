// A flag the command does not take, in the admin's words. node:util parseArgs says "Unknown option '--x'.
// To specify a positional argument starting with a '-', place it at the end of the command after '--' …":
// advice about positionals, when the flag is almost always another command's or a typo. This names the
// command, and the nearest option it does take when one is a slip of a key or two away.

const UNKNOWN = /^Unknown option '(-{1,2}[^']*)'/;

/** `message` reworded when it is parseArgs' unknown option; any other message as it was. */
export function unknownOptionWords(message: string, words: readonly string[], options: readonly string[]): string {
  const m = UNKNOWN.exec(message);
  if (!m) return message;
  const given = m[1]!;
  const command = `'bulk-desk ${words.join(' ')}'`;
  const near = nearest(given.replace(/^-+/, ''), options);
  return `${command} has no option '${given}'${near ? `; did you mean '--${near}'?` : ''} (its options are below)`;
}

/** The option within 2 edits of `name` (the closest; none when the name is short or nothing is that near). */
function nearest(name: string, options: readonly string[]): string | null {
  if (name.length < 3) return null;
  let best: string | null = null;
  let bestD = 3;
  for (const o of options) {
    const d = editDistance(name, o);
    if (d < bestD) [best, bestD] = [o, d];
  }
  return best;
}

/** Levenshtein distance: inserts, deletes and substitutions. */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++)
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}
