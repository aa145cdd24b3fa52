// The warnings an import gives about the encoding a file was read with: a byte-order mark overruled by
// the admin's choice, or an encoding guessed from the bytes. Said the same for CSV files and workbooks'
// text files (readWorkbookFile.ts).
import { encodingName } from './decode';
import type { EncodingGuess } from './guessEncoding';

/** The warning for a UTF-8 byte-order mark skipped under the encoding the admin chose (decode.ts detectEncoding). */
export function overruledBomWarning(encoding: string): string {
  return (
    `The file starts with the byte-order mark of UTF-8 text, but was read as ${encodingName(encoding)}, as chosen ` +
    '(without the mark). If letters look wrong, import it again choosing UTF-8, or no encoding.'
  );
}

/** The warning for an encoding guessed from the bytes, with the runners-up. */
export function guessedEncodingWarning(g: EncodingGuess): string {
  const others = g.others.filter((o) => o.confidence > 0).slice(0, 2);
  return (
    `The file is not UTF-8: it was read as ${encodingName(g.encoding)} (${g.confidence}% sure` +
    `${others.length ? `; next best ${others.map((o) => `${encodingName(o.encoding)} ${o.confidence}%`).join(', ')}` : ''}). ` +
    'If letters look wrong, import it again choosing its encoding.'
  );
}
