// The pure undo rules (src-shared/undo/): every catalog template either has a compensating template,
// whose fields exist, or a reason it cannot be undone; each inverse's per-row decisions from what the
// row sent and the state read before it; the reads declared for them; raw JSON kept byte for byte.
import { describe, expect, it } from 'vitest';
import { getTemplate, TEMPLATES } from '../../../src-shared/connectors/catalog';
import type { Template } from '../../../src-shared/connectors/types';
import { buildRequest } from '../../../src-shared/mapping/buildRequest';
import type { BuiltRequest, Mapping } from '../../../src-shared/mapping/types';
import { INVERSES, IRREVERSIBLE, oppositeOf, reversalsOf, undoOf, type UndoInput } from '../../../src-shared/undo/inverses';
import { judgePrior, PRIOR_READS, priorReadFor, type PriorVerdict } from '../../../src-shared/undo/priorReads';
import { rawProperty } from '../../../src-shared/util/jsonRaw';

const t = (id: string): Template => getTemplate(id)!;

/** The request one row builds, with every value from a column of the same name. */
function sent(id: string, values: Record<string, string>, keyValue?: Record<string, string>): BuiltRequest {
  const fields: Mapping['fields'] = Object.fromEntries(Object.keys(values).map((k) => [k, { kind: 'column', column: k }]));
  if (keyValue)
    fields.metadata = { kind: 'keyValue', entries: Object.keys(keyValue).map((k) => ({ key: k, column: `m.${k}` })) };
  const row = { ...values, ...Object.fromEntries(Object.entries(keyValue ?? {}).map(([k, v]) => [`m.${k}`, v])) };
  const b = buildRequest(t(id), { fields }, row);
  if (!b.request) throw new Error(JSON.stringify(b.issues));
  return b.request;
}

const state = (body: unknown): PriorVerdict => ({ kind: 'state', body: typeof body === 'string' ? body : JSON.stringify(body) });
const input = (id: string, s: BuiltRequest, prior: PriorVerdict | null, captured: Record<string, string> | null = null): UndoInput => ({
  template: t(id),
  sent: s,
  prior,
  captured,
});
const derive = (id: string, x: UndoInput) => INVERSES[id]!.derive(x);

describe('undo rules', () => {
  it('opposite calls come in pairs; an update, and a create undone by a delete, have none', () => {
    expect(oppositeOf('coursepath.courses.enrol')).toBe('coursepath.courses.unenrol');
    expect(oppositeOf('coursepath.courses.unenrol')).toBe('coursepath.courses.enrol');
    expect(oppositeOf('coursepath.groups.add')).toBe('coursepath.groups.remove');
    expect(oppositeOf('coassemble.courses.delete')).toBe('coassemble.courses.restore');
    expect(oppositeOf('coursepath.members.update')).toBeNull(); // its own inverse
    expect(oppositeOf('coassemble.courses.generate')).toBeNull(); // undone by a delete, which a restore undoes
    expect(oppositeOf('coursepath.members.invite')).toBeNull();
    for (const id of Object.keys(INVERSES)) {
      const o = oppositeOf(id);
      if (o) expect(oppositeOf(o), id).toBe(id);
    }
  });

  it('what takes a success back: its opposite on the same key, and the wider calls (all groups, a deleted user)', () => {
    const of = (id: string, key: string) => reversalsOf(id).map((r) => [r.templateId, r.keys(key)]);
    expect(of('coursepath.courses.enrol', 'courseId=5 memberId=7')).toEqual([
      ['coursepath.courses.unenrol', { exact: 'courseId=5 memberId=7' }],
    ]);
    expect(of('coursepath.groups.add', 'memberId=7 name=sales team')).toEqual([
      ['coursepath.groups.remove', { exact: 'memberId=7 name=sales team' }],
      ['coursepath.groups.removeAll', { exact: 'memberId=7' }],
    ]);
    expect(of('coursepath.groups.removeAll', 'memberId=7')).toEqual([['coursepath.groups.add', { prefix: 'memberId=7 ' }]]);
    expect(of('coassemble.users.upsert', 'identifier=u-1')).toEqual([['coassemble.users.delete', { exact: 'identifier=u-1' }]]);
    expect(of('coassemble.users.delete', 'identifier=u-1')).toEqual([['coassemble.users.upsert', { exact: 'identifier=u-1' }]]);
    expect(of('coursepath.members.update', 'memberId=7')).toEqual([]);
    // Each wider reversal's template exists.
    for (const id of Object.keys(INVERSES)) for (const r of reversalsOf(id)) expect(getTemplate(r.templateId), r.templateId).toBeDefined();
  });

  it('every catalog template has an inverse whose fields exist, or says why it has none', () => {
    for (const tpl of TEMPLATES) {
      const u = undoOf(tpl.id);
      if ('inverse' in u) {
        const inv = getTemplate(u.inverse);
        expect(inv, `${tpl.id} → ${u.inverse}`).toBeDefined();
        expect(inv!.api).toBe(tpl.api);
        for (const c of u.columns) expect(inv!.fields.map((f) => f.key), `${u.inverse}.${c}`).toContain(c);
      } else expect(IRREVERSIBLE[tpl.id], tpl.id).toMatch(/\w/);
    }
    expect(undoOf('coassemble.manual')).toEqual({ irreversible: expect.stringMatching(/manual configuration/) });
    expect(IRREVERSIBLE['coursepath.members.create']).toMatch(/no member delete/);
    expect(IRREVERSIBLE['coursepath.members.invite']).toMatch(/cannot be unsent/);
    expect(IRREVERSIBLE['coassemble.users.delete']).toMatch(/gone/);
  });

  it('reads before a write only where a read exists, on the row’s own target', () => {
    for (const id of Object.keys(PRIOR_READS)) expect(getTemplate(id), id).toBeDefined();
    expect(priorReadFor('coursepath.programs.add')).toBeUndefined(); // no public read of program members
    const enrol = sent('coursepath.courses.enrol', { courseId: '12', memberId: '34' });
    expect(priorReadFor('coursepath.courses.enrol')!.read(t('coursepath.courses.enrol'), enrol)).toBe(
      '/api/v1/courses/12/members/34/coursemember',
    );
    const upsert = sent('coassemble.users.upsert', { identifier: 'u/1' });
    expect(priorReadFor('coassemble.users.upsert')!.read(t('coassemble.users.upsert'), upsert)).toBe('/api/v1/headless/user/u%2F1');
    expect(judgePrior(404, '', null)).toEqual({ kind: 'absent' });
    expect(judgePrior(200, '{"a":1}', null)).toEqual({ kind: 'state', body: '{"a":1}' });
    expect(judgePrior(500, '', null)).toEqual({ kind: 'unreadable', why: 'HTTP 500' });
    expect(judgePrior(null, '', 'ECONNRESET')).toEqual({ kind: 'unreadable', why: 'ECONNRESET' });
    expect(judgePrior(200, '<html>', null).kind).toBe('unreadable');
  });

  it('enrol: removed only when the member was not enrolled before; not guessed without a read', () => {
    const s = sent('coursepath.courses.enrol', { courseId: '12', memberId: '34' });
    expect(derive('coursepath.courses.enrol', input('coursepath.courses.enrol', s, { kind: 'absent' }))).toEqual({
      kind: 'undo',
      values: { courseId: '12', memberId: '34' },
      warnings: [],
    });
    expect(derive('coursepath.courses.enrol', input('coursepath.courses.enrol', s, state({ status: 'completed' })))).toEqual({
      kind: 'nothing',
      why: 'the member was already enrolled before this job',
    });
    const blind = derive('coursepath.courses.enrol', input('coursepath.courses.enrol', s, null));
    expect(blind.kind).toBe('cannot');
    expect(blind.kind === 'cannot' && blind.why).toMatch(/not read before the write .*deletes their results/);
  });

  it('remove from course: enrolled again, saying which learning results are not restored', () => {
    const s = sent('coursepath.courses.unenrol', { courseId: '12', memberId: '34' });
    const r = derive('coursepath.courses.unenrol', input('coursepath.courses.unenrol', s, state({ status: 'completed', progress: 100, score: 80, certificate: 'c.pdf' })));
    expect(r.kind).toBe('undo');
    expect(r.kind === 'undo' && r.warnings[0]).toMatch(/status completed, progress 100, score 80, a certificate\) are not restored/);
  });

  it('groups: remove only a group the member was not in before; add back only one they were in', () => {
    const add = sent('coursepath.groups.add', { memberId: '5', name: 'Sales' });
    const before = state([{ name: 'sales' }, { name: 'Support' }]);
    expect(derive('coursepath.groups.add', input('coursepath.groups.add', add, before)).kind).toBe('nothing');
    expect(derive('coursepath.groups.add', input('coursepath.groups.add', add, state([{ name: 'Support' }])))).toMatchObject({
      kind: 'undo',
      values: { memberId: '5', name: 'Sales' },
    });
    const rm = sent('coursepath.groups.remove', { memberId: '5', name: 'Sales' });
    expect(derive('coursepath.groups.remove', input('coursepath.groups.remove', rm, state([{ name: 'Support' }]))).kind).toBe('nothing');
    expect(derive('coursepath.groups.remove', input('coursepath.groups.remove', rm, before))).toMatchObject({ kind: 'undo' });
  });

  it('member update: the fields it replaced, the name split kept, empty ones sent empty', () => {
    const s = sent('coursepath.members.update', { memberId: '7', name: 'Ana Lima', department: 'Sales' });
    const r = derive(
      'coursepath.members.update',
      input('coursepath.members.update', s, state({ id: 7, name: 'Ana M. Lima', firstname: 'Ana M.', lastname: 'Lima', department: null, company: 'Acme' })),
    );
    expect(r).toEqual({
      kind: 'undo',
      values: { memberId: '7', name: 'Ana M. Lima', firstname: 'Ana M.', lastname: 'Lima', department: '' },
      warnings: [expect.stringMatching(/^department was empty before this job: the undo sends it empty/)],
      sendEmpty: ['department'],
    });
    const same = derive('coursepath.members.update', input('coursepath.members.update', s, state({ name: 'Ana Lima', firstname: 'Ana', lastname: 'Lima', department: 'Sales' })));
    expect(same.kind).toBe('nothing');
  });

  it('user upsert: the metadata it replaced, byte for byte; a user it created cannot be undone by an upsert', () => {
    const s = sent('coassemble.users.upsert', { identifier: 'u1', name: 'New' }, { team: 'blue' });
    const body = '{"identifier":"u1","clientIdentifier":"acme","name":"Old","metadata":{"big":12345678901234567890,"x":[1,{"y":"}"}]},"testMode":false}';
    expect(derive('coassemble.users.upsert', input('coassemble.users.upsert', s, state(body)))).toEqual({
      kind: 'undo',
      values: { identifier: 'u1', name: 'Old', metadata: '{"big":12345678901234567890,"x":[1,{"y":"}"}]}' },
      warnings: [],
    });
    const created = derive('coassemble.users.upsert', input('coassemble.users.upsert', s, { kind: 'absent' }));
    expect(created.kind === 'cannot' && created.why).toMatch(/did not exist before this job/);
  });

  it('member create-or-update: a member the row created is said to be created by this job, and why it stays', () => {
    // A walk-through: undoing a plan's run listed its 60 creates as "the member was not found before this
    // job", which reads like an error, not like "this job created it and Coursepath cannot delete it".
    const s = sent('coursepath.members.upsert', { memberId: '7', email: 'ann@example.com' });
    const created = derive('coursepath.members.upsert', input('coursepath.members.upsert', s, { kind: 'absent' }));
    expect(created).toEqual({
      kind: 'cannot',
      why: 'this job created the member (not in the academy before it), and Coursepath has no member delete: a member, once created, stays in the academy.',
    });
    // A plain update told "not found" before its write did not create anything: the old words stand.
    const upd = derive('coursepath.members.update', input('coursepath.members.update', s, { kind: 'absent' }));
    expect(upd).toEqual({ kind: 'cannot', why: 'the member was not found before this job' });
  });

  it('delete and restore course, and courses a job created, by their captured id', () => {
    const del = sent('coassemble.courses.delete', { courseId: '9' });
    expect(derive('coassemble.courses.delete', input('coassemble.courses.delete', del, state({ deleted: null, published: 'x' })))).toMatchObject({ kind: 'undo', values: { courseId: '9' } });
    expect(derive('coassemble.courses.delete', input('coassemble.courses.delete', del, state({ deleted: '2026-01-01' }))).kind).toBe('nothing');
    const gen = INVERSES['coassemble.courses.generate']!;
    expect(gen.inverse).toBe('coassemble.courses.delete');
    expect(gen.derive(input('coassemble.courses.generate', sent('coassemble.courses.restore', { courseId: '1' }), null, { 'Course ID': '77' }))).toMatchObject({ values: { courseId: '77' } });
    expect(gen.derive(input('coassemble.courses.generate', sent('coassemble.courses.restore', { courseId: '1' }), null, null)).kind).toBe('cannot');
  });

  it('reads a top-level property as the exact text the server wrote', () => {
    const text = '{ "a" : "x\\"}" , "metadata" : {"n": 1.50, "s": "a,b"} , "z": [1, 2] }';
    expect(rawProperty(text, 'metadata')).toBe('{"n": 1.50, "s": "a,b"}');
    expect(rawProperty(text, 'z')).toBe('[1, 2]');
    expect(rawProperty(text, 'a')).toBe('"x\\"}"');
    expect(rawProperty(text, 'missing')).toBeUndefined();
    expect(rawProperty('[1]', 'a')).toBeUndefined();
    expect(rawProperty('{"a": {', 'a')).toBeUndefined();
  });

  it('a mapping sends the empty fields a row names (an undo clearing a field), and only those', () => {
    const tpl = t('coursepath.members.update');
    const mapping: Mapping = {
      fields: { memberId: { kind: 'column', column: 'id' }, company: { kind: 'column', column: 'company' }, department: { kind: 'column', column: 'department' } },
      sendEmpty: { column: 'empty' },
    };
    expect(buildRequest(tpl, mapping, { id: '7', company: '', department: '', empty: 'department' }).request?.body).toBe('department=');
    expect(buildRequest(tpl, mapping, { id: '7', company: '', department: '', empty: '' }).request?.body).toBeNull();
  });
});
