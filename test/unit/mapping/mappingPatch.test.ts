// A working mapping's change as a patch (sent as the page goes when the whole mapping is over the browser's
// keepalive allowance): applied to the mapping stored, it gives the mapping on screen, and it carries only
// what changed, so a mapping with a large value map and one field edited is a small patch.
import { describe, expect, it } from 'vitest';
import { applyMappingPatch, mappingPatch } from '../../../src-shared/mapping/mappingPatch';
import type { Mapping } from '../../../src-shared/mapping/types';

const bigTable = Object.fromEntries(Array.from({ length: 3000 }, (_, i) => [`Department ${i}`, `dept-${i}`]));
const base: Mapping = {
  fields: {
    email: { kind: 'column', column: 'Email' },
    department: { kind: 'column', column: 'Dept', transforms: [{ kind: 'map', table: bigTable }] },
    note: { kind: 'constant', value: 'x' },
  },
  bodyEncoding: 'form',
};

describe('mappingPatch', () => {
  it('carries only what changed, and applied to the stored mapping gives the one on screen', () => {
    const next: Mapping = {
      fields: { ...base.fields, email: { kind: 'column', column: 'Mail' }, name: { kind: 'constant', value: 'n' } },
      sendEmpty: { column: 'Clear' },
    };
    delete next.fields.note;
    const p = mappingPatch(base, next);
    expect(p).toStrictEqual({
      mapping: {
        fields: { email: { kind: 'column', column: 'Mail' }, name: { kind: 'constant', value: 'n' } },
        sendEmpty: { column: 'Clear' },
      },
      removed: ['note'],
      unset: ['bodyEncoding'],
    });
    expect(JSON.stringify(base).length).toBeGreaterThan(64 * 1024);
    expect(JSON.stringify(p).length).toBeLessThan(1024);
    expect(applyMappingPatch(base, p)).toStrictEqual(next);
  });

  it('is empty when nothing changed', () => {
    expect(mappingPatch(base, structuredClone(base))).toStrictEqual({ mapping: { fields: {} }, removed: [], unset: [] });
  });

  it('measured from several versions (the stored one, a whole save main may hold), gives the screen over each', () => {
    // The whole save in flight changed email, added name and set sendEmpty; the edit after it set all
    // three back as they were in `base`, and dropped the form encoding.
    const inFlight: Mapping = {
      ...base,
      fields: { ...base.fields, email: { kind: 'column', column: 'Mail' }, name: { kind: 'constant', value: 'n' } },
      sendEmpty: { column: 'Clear' },
    };
    const next: Mapping = { fields: { ...base.fields } };
    const p = mappingPatch([base, inFlight], next);
    expect(applyMappingPatch(base, p)).toStrictEqual(next);
    expect(applyMappingPatch(inFlight, p)).toStrictEqual(next);
    expect(p).toStrictEqual({
      mapping: { fields: { email: base.fields.email } },
      removed: ['name'],
      unset: ['bodyEncoding', 'sendEmpty'],
    });
    expect(mappingPatch([base], next)).toStrictEqual(mappingPatch(base, next));
  });
});
