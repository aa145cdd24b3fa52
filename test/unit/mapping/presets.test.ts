import { describe, expect, it } from 'vitest';
import { getTemplate } from '../../../src-shared/connectors/catalog';
import {
  adaptPreset,
  mappingColumns,
  presetFitsColumns,
  presetMissingColumns,
  rememberChoices,
  type MappingPreset,
} from '../../../src-shared/mapping/presets';

const preset: MappingPreset = {
  name: 'HR export',
  templateId: 'coursepath.members.create',
  mapping: {
    fields: {
      email: { kind: 'column', column: 'E-mail' },
      name: { kind: 'template', template: '{First name} {Last name} {{x}}' },
      company: { kind: 'constant', value: 'Acme' },
    },
  },
};

describe('presets', () => {
  it('lists the columns a mapping reads', () => {
    expect(mappingColumns(preset.mapping).sort()).toEqual(['E-mail', 'First name', 'Last name']);
  });

  it('fits a file of the same shape, even with headers spelled differently', () => {
    expect(presetFitsColumns(preset, ['E-mail', 'First name', 'Last name', 'Extra'])).toBe(true);
    expect(presetFitsColumns(preset, ['email', 'first_name', 'LAST NAME'])).toBe(true);
    expect(presetFitsColumns(preset, ['email', 'first_name'])).toBe(false);
    expect(presetMissingColumns(preset, ['email'])).toEqual(['First name', 'Last name']);
  });

  it('adapts the column names to the new file', () => {
    expect(adaptPreset(preset, ['email', 'first_name', 'LAST NAME']).fields).toEqual({
      email: { kind: 'column', column: 'email' },
      name: { kind: 'template', template: '{first_name} {LAST NAME} {{x}}' },
      company: { kind: 'constant', value: 'Acme' },
    });
  });

  it('remembers header → field choices for autoMatch', () => {
    expect(rememberChoices(getTemplate('coursepath.members.create')!, preset.mapping)).toEqual({
      'E-mail': 'email',
    });
  });
});
