// mappings.saveWorking with `patch`: the change a page sends as it goes when its whole mapping is over the
// browser's keepalive allowance. Applied to the mapping stored for the file and template, it stores the
// mapping the page had; with nothing stored to apply it to it is refused, naming why, and a credential it
// brings is refused as a whole mapping's would be.
import { describe, expect, it } from 'vitest';
import type { Mapping } from '../../../src-shared/mapping/types';
import { callOk } from '../../helpers/callOk';
import { seedDataset } from '../../helpers/seedDataset';
import { useTempServices } from '../../helpers/tempServices';

const table = Object.fromEntries(Array.from({ length: 3000 }, (_, i) => [`Department ${i}`, `dept-${i}`]));
const big: Mapping = {
  fields: {
    email: { kind: 'column', column: 'Email' },
    name: { kind: 'column', column: 'Team', transforms: [{ kind: 'map', table }] },
  },
};

describe('mappings.saveWorking with a patch', () => {
  const temp = useTempServices();

  it('applies the change to the mapping stored, and refuses one with nothing stored to apply it to', async () => {
    const s = await temp.open({ sandbox: false });
    const datasetId = seedDataset(s.db, ['Email', 'Name', 'Team'], [['a@example.com', 'A', 'X']]);
    const where = { datasetId, templateId: 'coursepath.members.create', connectionId: null };
    await callOk(s, 'mappings.saveWorking', { ...where, mapping: big });
    const saved = await callOk(s, 'mappings.saveWorking', {
      ...where,
      mapping: { fields: { email: { kind: 'column', column: 'Name' } }, bodyEncoding: 'json' },
      patch: { removed: [], unset: [] },
    });
    expect(saved.mapping).toStrictEqual({
      fields: { email: { kind: 'column', column: 'Name' }, name: big.fields.name },
      bodyEncoding: 'json',
    });
    const removed = await callOk(s, 'mappings.saveWorking', {
      ...where,
      mapping: { fields: {} },
      patch: { removed: ['name'], unset: ['bodyEncoding'] },
    });
    expect(removed.mapping).toStrictEqual({ fields: { email: { kind: 'column', column: 'Name' } } });

    const none = await s.dispatch('mappings.saveWorking', {
      ...where,
      templateId: 'coursepath.members.update',
      mapping: { fields: {} },
      patch: { removed: [], unset: [] },
    });
    expect(!none.ok && none.error.message).toBe('No mapping is stored for this file and template to apply the change to.');
  });
});
