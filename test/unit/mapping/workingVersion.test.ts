// Which of two working-mapping saves is the newer, whichever lands last (src-shared/mapping/workingVersion.ts).
import { describe, expect, it } from 'vitest';
import { nextVersion, staleSave } from '../../../src-shared/mapping/workingVersion';

describe('staleSave', () => {
  it('refuses only a save made before what is stored, that did not start from it', () => {
    expect(staleSave(null, { base: null, madeAt: 5 })).toBe(false); // nothing stored
    expect(staleSave(100, { base: 100, madeAt: 50 })).toBe(false); // started from it: it has seen it
    expect(staleSave(100, { base: 90, madeAt: 150 })).toBe(false); // made after it (its own earlier save landed first)
    expect(staleSave(100, { base: 90, madeAt: 100 })).toBe(false); // the same save sent again as the page went
    expect(staleSave(100, { base: 90, madeAt: 99 })).toBe(true); // made before it: the newer stays
    expect(staleSave(100, { base: null, madeAt: 99 })).toBe(true);
  });
});

describe('nextVersion', () => {
  it('is when the save was made, else now, and always after the version replaced', () => {
    expect(nextVersion(null, 50, 70)).toBe(50);
    expect(nextVersion(null, undefined, 70)).toBe(70);
    expect(nextVersion(100, 150, 70)).toBe(150);
    expect(nextVersion(100, 100, 70)).toBe(101);
    expect(nextVersion(100, undefined, 70)).toBe(101);
  });
});
