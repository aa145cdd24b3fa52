// A whole mapping save and the page-leave patch can arrive in either order: the whole one is a plain
// request (over the browser's 64 KiB keepalive allowance, it is slow and may land late), the patch a
// small keepalive one sent after it. Each save names the version it started from (`base`, the stored
// updatedAt the screen read) and when the screen made it (`madeAt`): the one made later wins whichever
// lands last — a save older than what is stored is refused, saying so, and leaves the newer one as it
// is; a save newer than what is stored, though it started from an older version (the page's own earlier
// save landed first), is stored. Saves that name neither (the command line, an older window) are stored
// as before.
import { describe, expect, it } from 'vitest';
import type { Mapping } from '../../../src-shared/mapping/types';
import { callOk } from '../../helpers/callOk';
import { seedDataset } from '../../helpers/seedDataset';
import { useTempServices } from '../../helpers/tempServices';

const TEMPLATE = 'coursepath.members.create';
const table = Object.fromEntries(Array.from({ length: 3000 }, (_, i) => [`Department ${i}`, `dept-${i}`]));
const first: Mapping = {
  fields: {
    email: { kind: 'column', column: 'Email' },
    department: { kind: 'column', column: 'Team', transforms: [{ kind: 'map', table }] },
  },
};
/** The edit the whole save carries (`A`), then the one made after it, sent as the page went (`B`). */
const a: Mapping = { fields: { ...first.fields, first_name: { kind: 'column', column: 'Name' } } };
const b: Mapping = { fields: { ...a.fields, last_name: { kind: 'constant', value: 'Smith' } } };

describe('mappings.saveWorking started from an older version', () => {
  const temp = useTempServices();

  async function setUp() {
    const s = await temp.open({ sandbox: false });
    const datasetId = seedDataset(s.db, ['Email', 'Name', 'Team'], [['a@example.com', 'A', 'X']]);
    const where = { datasetId, templateId: TEMPLATE, connectionId: null };
    const v0 = await callOk(s, 'mappings.saveWorking', { ...where, mapping: first });
    return { s, where, v0 };
  }

  it('the whole save landing after the newer page-leave patch is refused, and the patch kept', async () => {
    const { s, where, v0 } = await setUp();
    const madeA = v0.updatedAt + 1_000;
    const madeB = madeA + 500;
    // B as the page went: the change since v0 (what the page last had answered), landing first.
    const patched = await callOk(s, 'mappings.saveWorking', {
      ...where,
      mapping: { fields: { first_name: a.fields.first_name!, last_name: b.fields.last_name! } },
      patch: { removed: [], unset: [] },
      base: v0.updatedAt,
      madeAt: madeB,
    });
    expect(patched.mapping).toStrictEqual(b);
    // A, whole, sent before B and landing after it.
    const late = await s.dispatch('mappings.saveWorking', { ...where, mapping: a, base: v0.updatedAt, madeAt: madeA });
    expect(late.ok).toBe(false);
    if (late.ok) return;
    expect(late.error.code).toBe('CONFLICT');
    expect(late.error.details?.field).toBe('base');
    expect(late.error.message).toMatch(/^Not saved: this file's mapping for .+ was changed after this change was made/);
    expect((await callOk(s, 'mappings.working', { datasetId: where.datasetId, templateId: TEMPLATE }))?.mapping).toStrictEqual(b);
  });

  it('the whole save landing first, then the patch made after it: the patch is applied to it', async () => {
    const { s, where, v0 } = await setUp();
    const madeA = v0.updatedAt + 1_000;
    const saved = await callOk(s, 'mappings.saveWorking', { ...where, mapping: a, base: v0.updatedAt, madeAt: madeA });
    expect(saved.mapping).toStrictEqual(a);
    const patched = await callOk(s, 'mappings.saveWorking', {
      ...where,
      mapping: { fields: { first_name: a.fields.first_name!, last_name: b.fields.last_name! } },
      patch: { removed: [], unset: [] },
      base: v0.updatedAt,
      madeAt: madeA + 500,
    });
    expect(patched.mapping).toStrictEqual(b);
    expect(patched.updatedAt).toBeGreaterThan(saved.updatedAt);
  });

  it('a save that started from the version stored is stored, and each stored version is newer than the last', async () => {
    const { s, where, v0 } = await setUp();
    // Made "before" v0 by this clock, but it read v0: it has seen everything stored.
    const next = await callOk(s, 'mappings.saveWorking', { ...where, mapping: a, base: v0.updatedAt, madeAt: v0.updatedAt - 10 });
    expect(next.mapping).toStrictEqual(a);
    expect(next.updatedAt).toBeGreaterThan(v0.updatedAt);
    // Without a version (the command line, an older window): stored as before.
    const plain = await callOk(s, 'mappings.saveWorking', { ...where, mapping: b });
    expect(plain.mapping).toStrictEqual(b);
    expect(plain.updatedAt).toBeGreaterThan(next.updatedAt);
  });
});
