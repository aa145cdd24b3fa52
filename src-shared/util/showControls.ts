// Text from the LMS (a learner's name, a course title, an error body) printed on a terminal: a newline
// would split a table row, an escape sequence would recolour or rewrite the screen, and a direction
// override would reorder what follows. Each is shown as its JavaScript escape instead — `\n`, `\t`,
// `\x1b` — which is plain ASCII, the same whatever the terminal's font, and can be searched for or
// pasted into a script (a picture like "␛" could be a real character of the name). For display only:
// CSV and JSON keep the text exactly as the LMS sent it.

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

// C0 controls, DEL, C1 controls (U+009B is a one-byte CSI to some terminals), the bidi embeddings,
// overrides and isolates, and the line and paragraph separators.
const CONTROLS = /[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const hex = (c: string, digits: number) => c.charCodeAt(0).toString(16).padStart(digits, '0');

const escaped = (c: string) => NAMED[c] ?? (c < '\u0100' ? `\\x${hex(c, 2)}` : `\\u${hex(c, 4)}`);

/** `s` with every control character shown as its escape: "Evil\nName" → `Evil\nName` on one line. */
export function showControls(s: string): string {
  return s.replace(CONTROLS, escaped);
}

// As CONTROLS, less the line breaks and tabs that lay text out: LF, tab, and CR before LF (a CSV's line
// end). A CR alone returns to the start of the line, so what follows overwrites what was printed: shown.
const CONTROLS_IN_TEXT = /\r(?!\n)|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** Text of several lines for a terminal: its lines and tabs kept, every other control character shown escaped. */
export function showControlsInText(s: string): string {
  return s.replace(CONTROLS_IN_TEXT, escaped);
}
