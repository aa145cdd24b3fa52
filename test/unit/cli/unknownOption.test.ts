// A flag the command does not take: said in the admin's words, naming the command and the nearest flag it
// does take. Node's parseArgs said "Unknown option '--connection'. To specify a positional argument starting
// with a '-', place it at the end of the command after '--', as in '-- "--connection"" — advice about
// positionals for what is almost always a flag of another command or a typo.
import { describe, expect, it } from 'vitest';
import { unknownOptionWords } from '../../../src-main/cli/unknownOption';

const NODE_MESSAGE =
  "Unknown option '--connection'. To specify a positional argument starting with a '-', place it at the end of the command after '--', as in '-- \"--connection\"";

describe('unknownOptionWords', () => {
  it('names the command and says its options are listed, without the advice about positionals', () => {
    expect(unknownOptionWords(NODE_MESSAGE, ['mappings', 'auto'], ['dataset', 'template', 'out', 'help'])).toBe(
      "'bulk-desk mappings auto' has no option '--connection' (its options are below)",
    );
  });

  it('suggests the nearest option for a typo', () => {
    const m = "Unknown option '--conection'. To specify a positional argument starting with a '-', …";
    expect(unknownOptionWords(m, ['run'], ['dataset', 'connection', 'template', 'confirm'])).toBe(
      "'bulk-desk run' has no option '--conection'; did you mean '--connection'? (its options are below)",
    );
    const short = "Unknown option '-x'. To specify a positional argument starting with a '-', …";
    expect(unknownOptionWords(short, ['jobs', 'list'], ['json'])).toBe(
      "'bulk-desk jobs list' has no option '-x' (its options are below)",
    );
  });

  it('leaves any other message as it was', () => {
    const other = "Option '--dataset <value>' argument missing";
    expect(unknownOptionWords(other, ['run'], ['dataset'])).toBe(other);
  });
});
