// Line endings between rows become LF; line endings inside a quoted cell stay exactly as written.
//
// Rows may end in CRLF, LF or a lone CR, even mixed in one file (files joined together, old Mac exports),
// and papaparse splits on one newline string, so the text it reads has LF between rows. A cell is exact,
// though: a CR or CRLF between quotes is part of the cell and is kept. So this follows the quoting as
// papaparse does — a quote opens a quoted cell only at the start of a cell (after the delimiter or a
// line break); inside, "" is a quote and a single " closes the cell — across chunk boundaries, and jumps
// from quote to quote (indexOf), so text without quotes or CRs passes through at memcpy speed.
//
// Spaces or tabs between a closing quote and the delimiter or line break ("x" ,y) are not allowed by RFC 4180;
// papaparse drops them silently, while Excel and Python's csv keep them at the end of the cell. They are kept:
// moved inside the quotes ("x ",y), the place in the output noted (spacedCells) so the reader can name the cell.
export class LineEndings {
  private inQuotes = false;
  /** Text from a closing (or doubled) quote on, held back until what follows it is known. */
  private carry = '';
  /** Characters output so far. */
  private emitted = 0;
  /** Output offsets of the closing quotes that spaces were moved in front of, for the reader to take. */
  readonly spacedCells: number[] = [];
  /** The last chunk ended with a CR outside quotes (already turned into LF): drop an LF that follows. */
  private dropLf = false;
  /** The last characters seen outside quotes (enough to recognise the delimiter before a quote). */
  private tail = '\n';

  constructor(private readonly delimiter: string) {}

  /** Where the scan is: inside a quoted cell or not (for messages about a row that never ends). */
  get insideQuotes(): boolean {
    return this.inQuotes;
  }

  /** Characters output so far (the next output starts there). */
  get output(): number {
    return this.emitted;
  }

  run(text: string, final: boolean): string {
    const out = this.scan(text, final);
    const joined = out.length === 1 ? out[0]! : out.join('');
    this.emitted += joined.length;
    return joined;
  }

  private scan(input: string, final: boolean): string[] {
    let i = 0;
    const text = this.carry ? this.carry + input : input;
    this.carry = '';
    const n = text.length;
    const out: string[] = [];
    if (this.dropLf && n > 0) {
      if (text.charCodeAt(0) === 10) i = 1;
      this.dropLf = false;
    }
    while (i < n) {
      if (this.inQuotes) {
        const q = text.indexOf('"', i);
        if (q < 0) {
          out.push(text.slice(i));
          i = n;
          break;
        }
        if (q + 1 === n && !final) {
          // Doubled ("") or closing: the next chunk says.
          out.push(text.slice(i, q));
          this.carry = text.slice(q);
          i = n;
          break;
        }
        if (text.charCodeAt(q + 1) === 34) {
          out.push(text.slice(i, q + 2));
          i = q + 2;
          continue;
        }
        out.push(text.slice(i, q));
        const after = this.close(text, q + 1, final, out);
        if (after < 0) {
          this.carry = text.slice(q);
          i = n;
          break;
        }
        i = after;
        continue;
      }
      const q = text.indexOf('"', i);
      const r = text.indexOf('\r', i);
      if (r >= 0 && (q < 0 || r < q)) {
        out.push(text.slice(i, r), '\n');
        if (r + 1 < n) i = text.charCodeAt(r + 1) === 10 ? r + 2 : r + 1;
        else {
          i = n;
          this.dropLf = !final;
        }
        this.tail = '\n';
        continue;
      }
      if (q < 0) {
        out.push(text.slice(i));
        this.remember(text, i, n);
        i = n;
        break;
      }
      this.remember(text, i, q);
      const opens = this.tail.endsWith('\n') || this.tail.endsWith(this.delimiter);
      out.push(text.slice(i, q + 1));
      i = q + 1;
      if (opens) this.inQuotes = true;
      else this.tail = '"';
    }
    return out;
  }

  /**
   * Closes the quoted cell whose closing quote is just before `at`: outputs the quote, with the spaces or tabs
   * that follow it in front of it when the delimiter or the row's end comes after them. Returns where the
   * scan goes on, or -1 when the text ends before that is known (more text is coming).
   */
  private close(text: string, at: number, final: boolean, out: string[]): number {
    const n = text.length;
    let k = at;
    const d = this.delimiter;
    while (k < n && (text.charCodeAt(k) === 32 || text.charCodeAt(k) === 9) && !text.startsWith(d, k)) k++;
    // A delimiter of several characters may be cut by the chunk's end.
    const rest = text.slice(k, k + d.length);
    if (!final && k > at && (k === n || (rest.length < d.length && d.startsWith(rest)))) return -1;
    this.inQuotes = false;
    this.tail = '"';
    const ends = k === n || text[k] === '\n' || text[k] === '\r' || text.startsWith(d, k);
    if (k === at || !ends) {
      out.push('"');
      return at;
    }
    out.push(text.slice(at, k));
    let before = this.emitted;
    for (const part of out) before += part.length;
    this.spacedCells.push(before);
    out.push('"');
    return k;
  }

  /** Keeps the last few characters of text[from, to) seen outside quotes. */
  private remember(text: string, from: number, to: number): void {
    if (to <= from) return;
    const keep = this.delimiter.length;
    this.tail = to - from >= keep ? text.slice(to - keep, to) : (this.tail + text.slice(from, to)).slice(-keep);
  }
}
