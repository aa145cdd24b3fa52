// mappings.list/save/delete through dispatch: presets per template, kept across a restart.
import { describe, expect, it } from 'vitest';
import type { Mapping } from '../../../src-shared/mapping/types';
import { callOk } from '../../helpers/callOk';
import { useTempServices } from '../../helpers/tempServices';

const mapping: Mapping = {
  fields: {
    email: { kind: 'column', column: 'Work email', transforms: [{ kind: 'trim' }, { kind: 'lower' }] },
    name: { kind: 'template', template: '{First} {Last}' },
  },
};

describe('mappings.*', () => {
  const temp = useTempServices();

  it('saves per template, replaces by name, lists, deletes, and keeps them after a restart', async () => {
    let services = await temp.open({ sandbox: false });
    const saved = await callOk(services, 'mappings.save', { name: ' HR export ', templateId: 'coursepath.members.create', mapping });
    expect(saved).toMatchObject({ name: 'HR export', templateId: 'coursepath.members.create', mapping });
    await callOk(services, 'mappings.save', { name: 'Other', templateId: 'coursepath.members.create', mapping: { fields: {} } });
    const replaced = await callOk(services, 'mappings.save', { name: 'HR export', templateId: 'coursepath.members.create', mapping: { fields: {} } });
    expect(replaced.id).toBe(saved.id);

    const bad = await services.dispatch('mappings.save', { name: 'x', templateId: 'no.such.template', mapping });
    expect(!bad.ok && bad.error.code).toBe('NOT_FOUND');
    const blank = await services.dispatch('mappings.save', { name: '   ', templateId: 'coursepath.members.create', mapping });
    expect(!blank.ok && blank.error.message).toMatch(/needs a name/);

    await callOk(services, 'mappings.save', { name: 'HR export', templateId: 'coursepath.members.create', mapping });
    services = await temp.reopen({ sandbox: false });
    const list = await callOk(services, 'mappings.list', { templateId: 'coursepath.members.create' });
    expect(list.map((m) => m.name)).toEqual(['HR export', 'Other']);
    expect(list[0]!.mapping).toEqual(mapping);
    expect(await callOk(services, 'mappings.list', { templateId: 'coassemble.courses.create' })).toEqual([]);

    await callOk(services, 'mappings.delete', { id: saved.id });
    expect((await callOk(services, 'mappings.list', {})).map((m) => m.name)).toEqual(['Other']);
    const gone = await services.dispatch('mappings.delete', { id: saved.id });
    expect(!gone.ok && gone.error.code).toBe('NOT_FOUND');
  });
});
