// The connection Recipes keeps (its choice kept with the desk) or switches to. The list of connections is
// read as the window opens: a connection saved meanwhile was the only one known, and the choice restored
// was replaced by it — "no longer there" — before the list said it still was.
import { describe, expect, it } from 'vitest';
import { recipeConnectionSwitch } from '../../../src-shared/desk/screenChoices';

const sandbox = { id: 'sandbox-coursepath', api: 'coursepath' as const, isSandbox: true };
const live = { id: 'live', api: 'coursepath' as const, isSandbox: false };
const other = { id: 'c-coassemble', api: 'coassemble' as const, isSandbox: false };

describe('recipeConnectionSwitch', () => {
  it('keeps the choice until the list of connections is known', () => {
    expect(recipeConnectionSwitch('live', 'coursepath', { list: [], loaded: false })).toBeUndefined();
    // A connection saved before the list arrived is not the whole list.
    expect(recipeConnectionSwitch('live', 'coursepath', { list: [sandbox], loaded: false })).toBeUndefined();
    expect(recipeConnectionSwitch('live', 'coursepath', { list: [sandbox, live], loaded: true })).toBeUndefined();
  });

  it('once known: the sandbox (else the first) of the API, for one gone or of another API; nothing to switch to', () => {
    expect(recipeConnectionSwitch('gone', 'coursepath', { list: [live, sandbox], loaded: true })).toBe('sandbox-coursepath');
    expect(recipeConnectionSwitch('c-coassemble', 'coursepath', { list: [other, live], loaded: true })).toBe('live');
    expect(recipeConnectionSwitch(null, 'coursepath', { list: [live], loaded: true })).toBe('live');
    expect(recipeConnectionSwitch('live', 'coursepath', { list: [other], loaded: true })).toBeUndefined();
    expect(recipeConnectionSwitch('live', 'coursepath', { list: [], loaded: true })).toBeUndefined();
  });
});
