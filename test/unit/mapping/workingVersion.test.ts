// Which of two working-mapping saves is the newer, whichever lands last (src-shared/mapping/workingVersion.ts):
// judged on main's versions and a page's own count of its saves, never on two clocks.
import { describe, expect, it } from 'vitest';
import { nextVersion, staleSave } from '../../../src-shared/mapping/workingVersion';

const byPage = (page: string, seq: number) => ({ page, seq });

describe('staleSave', () => {
  it('refuses a save only when what is stored changed since its version other than by its own page earlier', () => {
    expect(staleSave(null, { base: null, ...byPage('p', 1) })).toBe(false); // nothing stored
    const other = { updatedAt: 100, madeBy: byPage('q', 9) };
    expect(staleSave(other, { base: 100, ...byPage('p', 1) })).toBe(false); // started from it: it has seen it
    expect(staleSave(other, { base: 90, ...byPage('p', 50) })).toBe(true); // another page changed it since
    const unknown = { updatedAt: 100, madeBy: null }; // the command line, or a writer main no longer knows
    expect(staleSave(unknown, { base: 90, ...byPage('p', 50) })).toBe(true);
    expect(staleSave(unknown, { base: null, ...byPage('p', 50) })).toBe(true);
    const own = { updatedAt: 100, madeBy: byPage('p', 3) };
    expect(staleSave(own, { base: 90, ...byPage('p', 4) })).toBe(false); // its own earlier save landed first
    expect(staleSave(own, { base: 90, ...byPage('p', 3) })).toBe(false); // the same save sent again as the page went
    expect(staleSave(own, { base: 90, ...byPage('p', 2) })).toBe(true); // its own later save landed first
  });
});

describe('nextVersion', () => {
  it("is main's now, and always after the version replaced", () => {
    expect(nextVersion(null, 70)).toBe(70);
    expect(nextVersion(100, 150)).toBe(150);
    expect(nextVersion(100, 70)).toBe(101);
    expect(nextVersion(100, 100)).toBe(101);
  });
});
