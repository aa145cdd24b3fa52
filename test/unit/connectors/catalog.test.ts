import { describe, expect, it } from 'vitest';
import { getTemplate, TEMPLATES, templatesFor } from '../../../src-shared/connectors/catalog';

describe('catalog', () => {
  it('has unique ids and finds templates by id', () => {
    const ids = TEMPLATES.map((t) => t.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(getTemplate('coursepath.members.create')?.name).toBe('Coursepath: create member');
    expect(getTemplate('coassemble.users.upsert')?.name).toBe('Coassemble: update user (upsert)');
    expect(getTemplate('nope')).toBeUndefined();
  });

  it('lists 16 Coassemble and 15 Coursepath write templates', () => {
    expect(templatesFor('coassemble')).toHaveLength(16);
    expect(templatesFor('coursepath')).toHaveLength(15);
  });

  it.each(TEMPLATES.map((t) => [t.id, t] as const))('%s is well formed', (_id, t) => {
    const keys = t.fields.map((f) => f.key);
    expect(new Set(keys).size).toBe(keys.length);
    // Every {placeholder} in the path has exactly one path field, and vice versa.
    const placeholders = [...t.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
    const pathNames = t.fields.filter((f) => f.location === 'path').map((f) => f.name);
    expect(pathNames.sort()).toEqual([...placeholders].sort());
    expect(t.path.startsWith('/api/v1/')).toBe(true);
    expect(t.description.length).toBeGreaterThan(20);
    for (const f of t.fields) {
      expect(f.help.length).toBeGreaterThan(5);
      if (f.type === 'enum') expect(f.options?.length).toBeGreaterThan(0);
      // A path field is required, except a create-or-update's one optional segment (left out when empty).
      if (f.location === 'path' && !f.required) expect(t.path.endsWith(`/{${f.name}}`)).toBe(true);
      if (f.location === 'path' && t.id !== 'coursepath.members.upsert') expect(f.required).toBe(true);
    }
    if (t.bodyEncoding === 'none') expect(t.fields.filter((f) => f.location === 'body')).toEqual([]);
    // DELETE /tracking is documented as form fields ("FormData properties"); the rest of Coassemble is JSON.
    if (t.api === 'coassemble' && t.id !== 'coassemble.trackings.delete') expect(t.bodyEncoding).not.toBe('form');
    if (t.api === 'coursepath') expect(t.bodyEncoding).not.toBe('json');
  });

  it('marks the destructive operations', () => {
    const destructive = TEMPLATES.filter((t) => t.danger === 'destructive').map((t) => t.id);
    expect(destructive).toEqual(
      expect.arrayContaining([
        'coursepath.courses.unenrol',
        'coassemble.clients.delete',
        'coassemble.users.delete',
        'coassemble.trackings.delete',
        'coassemble.translations.delete',
      ]),
    );
  });
});

describe('a job freezes its template as JSON (migration 24)', () => {
  it('every catalog template is plain data: the same after a JSON round trip (no function, RegExp or undefined lost)', () => {
    for (const t of TEMPLATES) expect(JSON.parse(JSON.stringify(t)), t.id).toStrictEqual(t);
  });
});
