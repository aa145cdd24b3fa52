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

  // The manual configuration's key is the fingerprint of its whole request: twins typed on a Mac and elsewhere
  // were two keys (the bytes as sent), so the same member could be sent twice. The key is taken of the request
  // composed, escapes of a path or a form body included; the request itself is sent as built.
  it("the manual configuration's request key is composed too; a composed request keeps the key it had", () => {
    const manual = { id: 'coassemble.manual' };
    const nfd = 'Cafe\u0301';
    const twins = [
      [{ method: 'POST', pathAndQuery: '/users', body: `{"name":"${nfd}"}` }, `{"name":"Caf\u00e9"}`],
      [{ method: 'GET', pathAndQuery: '/users/Cafe%CC%81?team=E%CC%81quipe', body: null }, '/users/Caf%C3%A9?team=%C3%89quipe'],
      [{ method: 'POST', pathAndQuery: '/x', body: 'name=Cafe%CC%81+Noir&id=7' }, 'name=Caf%C3%A9+Noir&id=7'],
    ] as const;
    for (const [decomposed, composedPart] of twins) {
      const composed =
        decomposed.body === null ? { ...decomposed, pathAndQuery: composedPart } : { ...decomposed, body: composedPart };
      const sent = { ...decomposed };
      expect(rowKey(manual, new Map(), decomposed), composedPart).toBe(rowKey(manual, new Map(), composed));
      expect(decomposed, 'the request is not changed').toEqual(sent);
      // A composed request's key is the fingerprint of its bytes, as stored before: those keys still match.
      const text = `${composed.method} ${composed.pathAndQuery}\n${composed.body ?? ''}`;
      expect(rowKey(manual, new Map(), composed)).toBe(`request=${fingerprint(text)}`);
    }
    // Other escapes and other text stay apart: a + is not a space, %41 is not A, another name another key.
    const key = (body: string) => rowKey(manual, new Map(), { method: 'POST', pathAndQuery: '/x', body });
    expect(key('a=%41')).not.toBe(key('a=A'));
    expect(key('a=b+c')).not.toBe(key('a=b%20c'));
    expect(key(`{"name":"${nfd}"}`)).not.toBe(key('{"name":"Cafe"}'));
  });
});
