// What a screen restores of its choice kept with the desk: Map's manual rows only while they still say the
// configuration they were typed for (never a credential's value), and Recipes' steps switched off only on
// the recipe they were switched off on, and only while they are still its optional steps.
import { describe, expect, it } from 'vitest';
import { halfTyped, keepableRows, recipeChoiceFor, rowsToShow } from '../../../src-shared/desk/screenChoices';

describe("Map's manual rows kept", () => {
  it('are kept while a row has no name or a name twice, without a credential value', () => {
    expect(halfTyped([['X-Source', 'hr']])).toBe(false);
    expect(
      halfTyped([
        ['X-Source', 'hr'],
        ['', 'v'],
      ]),
    ).toBe(true);
    expect(
      halfTyped([
        ['X-A', '1'],
        ['X-A', '2'],
      ]),
    ).toBe(true);
    expect(
      keepableRows([
        ['X-Api-Key', 'sk_live'],
        ['', 'v'],
        ['X-Source', 'hr'],
      ]),
    ).toStrictEqual([
      ['X-Api-Key', ''],
      ['', 'v'],
      ['X-Source', 'hr'],
    ]);
    // Under any name, a value shaped like a key or token is not kept either (a bearer token, a JWT).
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJlLXNpZ25hdHVyZQ';
    expect(
      keepableRows([
        ['X-Trace', `Bearer ${jwt}`],
        ['', 'v'],
        ['X-Other', jwt],
      ]),
    ).toStrictEqual([
      ['X-Trace', ''],
      ['', 'v'],
      ['X-Other', ''],
    ]);
    expect(
      rowsToShow({ 'X-Trace': jwt }, [
        ['X-Trace', ''],
        ['', 'v'],
      ]),
    ).toStrictEqual([
      ['X-Trace', jwt],
      ['', 'v'],
    ]);
  });

  it('are shown when they still say the configuration; otherwise the configuration is', () => {
    const kept: [string, string][] = [
      ['X-Source', 'hr'],
      ['', 'half'],
    ];
    expect(rowsToShow({ 'X-Source': 'hr' }, kept)).toStrictEqual(kept);
    expect(rowsToShow({ 'X-Source': 'other' }, kept)).toStrictEqual([['X-Source', 'other']]);
    expect(rowsToShow({}, kept)).toStrictEqual([]);
    expect(rowsToShow({ 'X-Source': 'hr' }, undefined)).toStrictEqual([['X-Source', 'hr']]);
    // Two rows of one name: the configuration holds the last, as it did when typed.
    expect(
      rowsToShow({ 'X-A': '2' }, [
        ['X-A', '1'],
        ['X-A', '2'],
      ]),
    ).toStrictEqual([
      ['X-A', '1'],
      ['X-A', '2'],
    ]);
  });
});

describe("Recipes' choice restored", () => {
  const recipe = {
    id: 'coursepath.onboard',
    steps: [
      { id: 'member', name: 'm', template: 't', mapping: { fields: {} } },
      { id: 'invite', name: 'i', template: 't', mapping: { fields: {} }, optional: true },
    ],
  };
  const choice = {
    recipeId: 'coursepath.onboard',
    connectionId: 'c1',
    skipSteps: ['invite', 'member', 'gone'],
    previewRow: 5,
    concurrency: 3,
  };

  it('switches off only steps of this recipe that are still optional', () => {
    expect(recipeChoiceFor(recipe, choice)).toStrictEqual({
      connectionId: 'c1',
      previewRow: 5,
      concurrency: 3,
      skipSteps: ['invite'],
    });
    expect(recipeChoiceFor({ ...recipe, id: 'other' }, choice).skipSteps).toStrictEqual([]);
    expect(recipeChoiceFor(recipe, undefined)).toStrictEqual({});
  });
});
