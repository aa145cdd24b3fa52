// A whole mapping save and the page-leave patch can arrive in either order: the whole one is a plain
// request (over the browser's 64 KiB keepalive allowance, it is slow and may land late), the patch a
// small keepalive one sent after it. Each save names the version it started from (`base`, the stored
// updatedAt the screen read) and which save of which page it is (`madeBy`, the page's own count, on no
// clock): the one made later wins whichever lands last — a save older than what is stored is refused,
// saying so, and leaves the newer one as it is; a save made after what is stored, though it started from
// an older version (the page's own earlier save landed first), is stored. A save over a version another
// page wrote since it read is refused. Saves that name neither (the command line) are stored as before.
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
    const madeA = { page: 'page-1', seq: 1 };
    const madeB = { page: 'page-1', seq: 2 };
    // B as the page went: the change since v0 (what the page last had answered), landing first.
    const patched = await callOk(s, 'mappings.saveWorking', {
      ...where,
      mapping: { fields: { first_name: a.fields.first_name!, last_name: b.fields.last_name! } },
      patch: { removed: [], unset: [] },
      base: v0.updatedAt,
      madeBy: madeB,
    });
    expect(patched.mapping).toStrictEqual(b);
    // A, whole, sent before B and landing after it.
    const late = await s.dispatch('mappings.saveWorking', { ...where, mapping: a, base: v0.updatedAt, madeBy: madeA });
    expect(late.ok).toBe(false);
    if (late.ok) return;
    expect(late.error.code).toBe('CONFLICT');
    expect(late.error.details?.field).toBe('base');
    expect(late.error.message).toMatch(/^Not saved: this file's mapping for .+ was changed after this change was made/);
    expect((await callOk(s, 'mappings.working', { datasetId: where.datasetId, templateId: TEMPLATE }))?.mapping).toStrictEqual(b);
  });

  it('the whole save landing first, then the patch made after it: the patch is applied to it', async () => {
    const { s, where, v0 } = await setUp();
    const saved = await callOk(s, 'mappings.saveWorking', {
      ...where,
      mapping: a,
      base: v0.updatedAt,
      madeBy: { page: 'page-1', seq: 1 },
    });
    expect(saved.mapping).toStrictEqual(a);
    const patched = await callOk(s, 'mappings.saveWorking', {
      ...where,
      mapping: { fields: { first_name: a.fields.first_name!, last_name: b.fields.last_name! } },
      patch: { removed: [], unset: [] },
      base: v0.updatedAt,
      madeBy: { page: 'page-1', seq: 2 },
    });
    expect(patched.mapping).toStrictEqual(b);
    expect(patched.updatedAt).toBeGreaterThan(saved.updatedAt);
  });

  it('a save that started from the version stored is stored, and each stored version is newer than the last', async () => {
    const { s, where, v0 } = await setUp();
    // Another page's, but it read v0: it has seen everything stored.
    const next = await callOk(s, 'mappings.saveWorking', {
      ...where,
      mapping: a,
      base: v0.updatedAt,
      madeBy: { page: 'page-2', seq: 7 },
    });
    expect(next.mapping).toStrictEqual(a);
    expect(next.updatedAt).toBeGreaterThan(v0.updatedAt);
    // A page that read v0, not the version page-2 wrote since: refused, page-2's kept.
    const behind = await s.dispatch('mappings.saveWorking', {
      ...where,
      mapping: b,
      base: v0.updatedAt,
      madeBy: { page: 'page-1', seq: 99 },
    });
    expect(!behind.ok && behind.error.code).toBe('CONFLICT');
    expect((await callOk(s, 'mappings.working', { datasetId: where.datasetId, templateId: TEMPLATE }))?.mapping).toStrictEqual(a);
    // Without a version (the command line): stored as before.
    const plain = await callOk(s, 'mappings.saveWorking', { ...where, mapping: b });
    expect(plain.mapping).toStrictEqual(b);
    expect(plain.updatedAt).toBeGreaterThan(next.updatedAt);
  });
});
