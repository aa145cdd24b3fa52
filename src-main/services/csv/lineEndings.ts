// Line endings between rows become LF; line endings inside a quoted cell stay exactly as written.
//
// Rows may end in CRLF, LF or a lone CR, even mixed in one file (files joined together, old Mac exports),
// and papaparse splits on one newline string, so the text it reads has LF between rows. A cell is exact,
// though: a CR or CRLF between quotes is part of the cell and is kept. So this follows the quoting as
// papaparse does — a quote opens a quoted cell only at the start of a cell (after the delimiter or a
// line break); inside, "" is a quote and a single " closes the cell — across chunk boundaries, and jumps
// from quote to quote (indexOf), so text without quotes or CRs passes through at memcpy speed.
export class LineEndings {
  private inQuotes = false;
  /** A quote ended the last chunk while inside a quoted cell: doubled ("") or closing, the next char says. */
  private quoteAtEnd = false;
  /** The last chunk ended with a CR outside quotes (already turned into LF): drop an LF that follows. */
  private dropLf = false;
  /** The last characters seen outside quotes (enough to recognise the delimiter before a quote). */
  private tail = '\n';

  constructor(private readonly delimiter: string) {}

  /** Where the scan is: inside a quoted cell or not (for messages about a row that never ends). */
  get insideQuotes(): boolean {
    return this.inQuotes;
  }

  run(text: string, final: boolean): string {
    let i = 0;
    const n = text.length;
    const out: string[] = [];
    if (this.dropLf && n > 0) {
      if (text.charCodeAt(0) === 10) i = 1;
      this.dropLf = false;
    }
    if (this.quoteAtEnd && i < n) {
      this.quoteAtEnd = false;
      if (text.charCodeAt(i) === 34) {
        out.push('"'); // the second quote of a doubled pair: still inside
        i += 1;
      } else {
        this.inQuotes = false; // the quote closed the cell
        this.tail = '"';
      }
    }
    while (i < n) {
      if (this.inQuotes) {
        const q = text.indexOf('"', i);
        if (q < 0) {
          out.push(text.slice(i));
          i = n;
          break;
        }
        if (q + 1 === n) {
          out.push(text.slice(i));
          i = n;
          if (final) this.inQuotes = false;
          else this.quoteAtEnd = true;
          break;
        }
        if (text.charCodeAt(q + 1) === 34) {
          out.push(text.slice(i, q + 2));
          i = q + 2;
        } else {
          out.push(text.slice(i, q + 1));
          i = q + 1;
          this.inQuotes = false;
          this.tail = '"';
        }
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
    return out.length === 1 ? out[0]! : out.join('');
  }

  /** Keeps the last few characters of text[from, to) seen outside quotes. */
  private remember(text: string, from: number, to: number): void {
    if (to <= from) return;
    const keep = this.delimiter.length;
    this.tail = to - from >= keep ? text.slice(to - keep, to) : (this.tail + text.slice(from, to)).slice(-keep);
  }
}
