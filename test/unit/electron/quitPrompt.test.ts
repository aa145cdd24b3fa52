// The question on quitting while jobs send (src-main/electron/quitPrompt.ts). Pure: main.ts shows it with
// Electron's dialog, whose binary is not here.
import { describe, expect, it } from 'vitest';
import { quitPrompt } from '../../../src-main/electron/quitPrompt';
import { itemCounts } from '../../helpers/itemCounts';

describe('quitPrompt', () => {
  it('does not ask when nothing is sending', () => {
    expect(quitPrompt([])).toBeNull();
  });

  it('names the job and how far it got, says what quitting does, and keeps sending by default', () => {
    const p = quitPrompt([
      {
        label: 'users.csv → Coursepath: create member',
        counts: itemCounts({ succeeded: 1200, failed: 34, sending: 4, pending: 3762 }),
      },
    ])!;
    expect(p.message).toBe('A job is still sending. Quit anyway?');
    expect(p.detail).toContain('• users.csv → Coursepath: create member: 1,234 of 5,000 rows done');
    expect(p.detail).toContain(
      'the requests in flight finish and their answers are saved, and nothing more is sent',
    );
    expect(p.detail).toContain('The job waits in History as interrupted');
    expect(p.buttons[p.defaultId]).toBe('Keep sending');
    expect(p.buttons[p.cancelId]).toBe('Keep sending'); // Escape does not quit
    expect(p.buttons[p.quitId]).toBe('Quit and stop sending');
  });

  it('counts several jobs and lists the first three', () => {
    const jobs = ['a', 'b', 'c', 'd', 'e'].map((n) => ({
      label: `${n}.csv → Coassemble: add user`,
      counts: itemCounts({ pending: 10 }),
    }));
    const p = quitPrompt(jobs)!;
    expect(p.message).toBe('5 jobs are still sending. Quit anyway?');
    expect(p.detail).toContain('• c.csv → Coassemble: add user: 0 of 10 rows done');
    expect(p.detail).not.toContain('d.csv');
    expect(p.detail).toContain('• and 2 more');
    expect(p.detail).toContain('The jobs wait in History');
  });
});
