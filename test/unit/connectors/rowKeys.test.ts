import { describe, expect, it } from 'vitest';
import { TEMPLATES } from '../../../src-shared/connectors/catalog';
import { fingerprint, normaliseKeyValue, ROW_KEYS, rowKey } from '../../../src-shared/connectors/rowKeys';

const request = { method: 'POST', pathAndQuery: '/x', body: '{}' };

describe('row keys', () => {
  it('declares a key for every catalog template, made of its own fields', () => {
    for (const t of TEMPLATES) {
      const spec = ROW_KEYS[t.id];
      expect(spec, t.id).toBeDefined();
      for (const [field] of spec!.fields) expect(t.fields.map((f) => f.key), `${t.id}.${field}`).toContain(field);
    }
  });

  it('compares values the way the LMS does', () => {
    expect(normaliseKeyValue(' Ann@Example.COM ', 'email')).toBe('ann@example.com');
    expect(normaliseKeyValue('0042', 'id')).toBe('42');
    expect(normaliseKeyValue('0', 'id')).toBe('0');
    expect(normaliseKeyValue('Sales  Team', 'name')).toBe('sales team');
    expect(normaliseKeyValue('User-A', 'text')).toBe('User-A'); // an identifier keeps its case
  });

  it('reads as text, leaves empty fields out, and falls back to the whole request', () => {
    const enrol = TEMPLATES.find((t) => t.id === 'coursepath.courses.enrol')!;
    expect(rowKey(enrol, new Map([['courseId', '007'], ['memberId', '31']]), request)).toBe('courseId=7 memberId=31');
    const signed = TEMPLATES.find((t) => t.id === 'coassemble.courses.signedUrl')!;
    expect(rowKey(signed, new Map([['action', 'view'], ['courseId', '5'], ['identifier', 'u1']]), request)).toBe(
      'action=view courseId=5 identifier=u1',
    );
    const manual = { id: 'coassemble.manual' };
    expect(rowKey(manual, new Map(), request)).toBe(`request=${fingerprint('POST /x\n{}')}`);
    expect(rowKey(manual, new Map(), { ...request, body: '{"a":1}' })).not.toBe(rowKey(manual, new Map(), request));
    expect(fingerprint('abc')).toMatch(/^[0-9a-f]{16}$/);
  });

  // Stored keys are compared byte for byte (sent before, held by a running job, taken back, a recipe's
  // repeat): a name typed on a Mac (e + U+0301) is keyed as the same name typed elsewhere (é).
  it('is composed (NFC) whatever the composition of the cells', () => {
    const group = TEMPLATES.find((t) => t.id === 'coursepath.groups.add')!;
    const key = (name: string) => rowKey(group, new Map([['memberId', '7'], ['name', name]]), request);
    expect(key('Équipe Cafe\u0301')).toBe('memberId=7 name=\u00e9quipe caf\u00e9');
    expect(key('E\u0301quipe Café'.normalize('NFD'))).toBe(key('Équipe Café'.normalize('NFC')));
  });
});
