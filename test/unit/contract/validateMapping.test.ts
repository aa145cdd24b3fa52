// The contract accepts the new transforms and lookups, and refuses what main must fill (a bound table) or
// what cannot be right (unknown flags), naming the field.
import { describe, expect, it } from 'vitest';
import { validateInput } from '../../../src-shared/contract/validate';
import type { Transform } from '../../../src-shared/mapping/types';

const spec = (transforms: unknown[]) => ({
  datasetId: 'd',
  connectionId: 'c',
  templateId: 't',
  offset: 0,
  limit: 5,
  mapping: { fields: { x: { kind: 'column', column: 'x', transforms } } },
});

describe('mapping validation', () => {
  it('accepts date format, regex replace, conditional and the new lookups', () => {
    const ts: Transform[] = [
      { kind: 'dateFormat', from: 'DD/MM/YYYY', to: 'YYYY-MM-DD' },
      { kind: 'regexReplace', pattern: '\\s+', flags: 'g', replacement: ' ' },
      { kind: 'conditional', test: 'equals', value: 'Y', then: 'true', otherwise: null },
      { kind: 'lookup', entity: 'coursepath.program', from: 'title', connectionId: '' },
      { kind: 'lookup', entity: 'coursepath.group', from: 'name', connectionId: '', to: 'name' },
      { kind: 'lookup', entity: 'coassemble.course', from: 'title', connectionId: '', state: 'deleted' },
    ];
    const r = validateInput('requests.preview', spec(ts));
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value.mapping.fields.x).toEqual({ kind: 'column', column: 'x', transforms: ts });
  });

  it('drops a bound lookup table sent from outside: main binds it', () => {
    const r = validateInput(
      'requests.preview',
      spec([
        {
          kind: 'lookup',
          entity: 'coursepath.course',
          from: 'title',
          connectionId: '',
          resolved: { entries: { a: '1' }, ambiguous: {}, catalog: 'x' },
        },
      ]),
    );
    expect(r.ok && r.value.mapping.fields.x).toEqual({
      kind: 'column',
      column: 'x',
      transforms: [{ kind: 'lookup', entity: 'coursepath.course', from: 'title', connectionId: '' }],
    });
  });

  it('refuses unknown regex flags, naming the place', () => {
    const r = validateInput(
      'requests.preview',
      spec([{ kind: 'regexReplace', pattern: 'a', flags: 'y', replacement: '' }]),
    );
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.error.message).toMatch(
        /mapping\.fields\.x\.transforms\.0\.flags flags may only be g, i, m, s and u/,
      );
  });

  it('a live cURL needs the explicit acknowledgement', () => {
    const base = {
      datasetId: 'd',
      connectionId: 'c',
      templateId: 't',
      mapping: { fields: {} },
      rowNumber: 2,
    };
    expect(validateInput('requests.liveCurl', base).ok).toBe(false);
    expect(validateInput('requests.liveCurl', { ...base, acknowledge: false }).ok).toBe(false);
    expect(validateInput('requests.liveCurl', { ...base, acknowledge: true }).ok).toBe(true);
  });

  it('the working mapping is asked for by dataset, template or both', () => {
    expect(validateInput('mappings.working', {}).ok).toBe(false);
    expect(validateInput('mappings.working', { datasetId: 'd' }).ok).toBe(true);
    expect(validateInput('mappings.working', { templateId: 't' }).ok).toBe(true);
  });
});
