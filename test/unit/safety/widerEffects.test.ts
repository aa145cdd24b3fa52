// What some rows do beyond the phrase: a Coassemble user delete whose row chose to delete the user's
// courses too is counted and named; other choices and other templates say nothing.
import { describe, expect, it } from 'vitest';
import { getTemplate } from '../../../src-shared/connectors/catalog';
import { buildRequest } from '../../../src-shared/mapping/buildRequest';
import { widerEffectsOf, widerEffectWords } from '../../../src-shared/safety/widerEffects';

const del = getTemplate('coassemble.users.delete')!;
const built = (action: string) =>
  buildRequest(
    del,
    { fields: { identifier: { kind: 'column', column: 'u' }, action: { kind: 'constant', value: action } } },
    { u: 'leaver' },
  ).request!;

describe('wider effects', () => {
  it("names the rows that also delete their users' courses", () => {
    expect(widerEffectsOf(del, built('delete'))).toEqual(['action=delete']);
    expect(widerEffectsOf(del, built('ignore'))).toEqual([]);
    expect(widerEffectWords(del, new Map([['action=delete', 3]]))).toEqual([
      '3 of these rows also delete their users’ own courses ("Courses of the user" = delete): learners lose those courses.',
    ]);
    expect(widerEffectWords(del, new Map())).toEqual([]);
  });

  it('says nothing for a template without one', () => {
    const enrol = getTemplate('coursepath.courses.enrol')!;
    expect(widerEffectWords(enrol, new Map([['action=delete', 3]]))).toEqual([]);
  });
});
