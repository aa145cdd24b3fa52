// The CLI's index of commands (src-main/cli/commandIndex.ts) says which file holds each command, so a
// start loads only the one it runs, and the top help is printed without loading any. An index out of step
// with a file would make a command "Unknown" or list one that is not there: this keeps them together.
import { describe, expect, it } from 'vitest';
import {
  ALONE_SUMMARIES,
  COMMAND_FILES,
  COMMAND_WORDS,
  loadCommands,
} from '../../../src-main/cli/commandIndex';

describe('the index of CLI commands', () => {
  it("lists each file's commands, in the file's order, and no command twice", async () => {
    for (const f of COMMAND_FILES) expect((await f.load()).map((c) => c.words.join(' '))).toEqual(f.words);
    const all = COMMAND_WORDS.map((w) => w.join(' '));
    expect(new Set(all).size).toBe(all.length);
  });

  it('has the summary of each command alone under its first word, as the command has it', async () => {
    const firsts = [...new Set(COMMAND_WORDS.map((w) => w[0]!))];
    const alone = firsts.filter((g) => COMMAND_WORDS.filter((w) => w[0] === g).length === 1);
    expect(Object.keys(ALONE_SUMMARIES).sort()).toEqual(alone.sort());
    for (const g of alone) {
      const [command] = await loadCommands((w) => w[0] === g);
      expect(command?.summary, g).toBe(ALONE_SUMMARIES[g as keyof typeof ALONE_SUMMARIES]);
    }
  });

  it("loads a group's commands from every file that holds some, in the help's order", async () => {
    const jobs = await loadCommands((w) => w[0] === 'jobs');
    expect(jobs.map((c) => c.words[1])).toEqual([
      'list',
      'show',
      'events',
      'export',
      'resume',
      'retry-failed',
      'cancel',
      'in-doubt',
      'resolve',
      'undo',
    ]);
  });
});
