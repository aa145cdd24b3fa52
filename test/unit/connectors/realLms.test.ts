// Issue 14: the template choices the public evidence decides (or, where it does not, the safe side), and
// the pure read-back comparisons. Each of these fails on the templates as they were before the issue.
import { describe, expect, it } from 'vitest';
import { getTemplate } from '../../../src-shared/connectors/catalog';
import { describeMismatch, NO_READ_BACK, READ_BACKS, readBackFor } from '../../../src-shared/connectors/readBacks';
import { rowIsIdempotent } from '../../../src-shared/connectors/rowIdempotent';
import { buildRequest } from '../../../src-shared/mapping/buildRequest';
import type { BuiltRequest, Mapping } from '../../../src-shared/mapping/types';
import { captureFields } from '../../../src-main/runner/captureFields';

const col = (column: string) => ({ kind: 'column' as const, column });

function build(id: string, mapping: Mapping, row: Record<string, string>) {
  return buildRequest(getTemplate(id)!, mapping, row);
}

describe('issue 14: templates on the real LMS', () => {
  it('1. the signed URL is captured from a plain-text answer (the whole body), and from a JSON string', () => {
    const t = getTemplate('coassemble.courses.signedUrl')!;
    expect(captureFields(t, 'https://app.coassemble.com/embed/view/abc.def.ghi\n')).toEqual({
      'Signed URL': 'https://app.coassemble.com/embed/view/abc.def.ghi',
    });
    expect(captureFields(t, '"https://x.test/u"')).toEqual({ 'Signed URL': 'https://x.test/u' });
    expect(captureFields(t, '')).toBeNull();
    // Dotted paths still read JSON.
    expect(captureFields(getTemplate('coursepath.members.create')!, '{"id":17}')).toEqual({ 'Member ID': '17' });
  });

  it('6. a signed URL is safe to send again only for a view; an edit (it may create a draft course) is not', () => {
    const t = getTemplate('coassemble.courses.signedUrl')!;
    expect(t.idempotent).toBe(false);
    const m: Mapping = { fields: { action: col('a'), courseId: col('c'), identifier: col('u') } };
    const view = build(t.id, m, { a: 'view', c: '12', u: 'x' }).request!;
    const editNew = build(t.id, m, { a: 'edit', c: '', u: 'x' }).request!;
    const edit = build(t.id, m, { a: 'edit', c: '12', u: 'x' }).request!;
    expect(rowIsIdempotent(t, view)).toBe(true);
    expect(rowIsIdempotent(t, editNew)).toBe(false);
    expect(rowIsIdempotent(t, edit)).toBe(false);
    expect(rowIsIdempotent(getTemplate('coassemble.courses.publish')!, view)).toBe(true); // idempotent as a whole
  });

  it('5. DELETE user: the action is required and each choice says what it does to the courses', () => {
    const t = getTemplate('coassemble.users.delete')!;
    const action = t.fields.find((f) => f.key === 'action')!;
    expect(action.required).toBe(true);
    expect(Object.keys(action.optionHelp ?? {})).toEqual(['reallocate', 'delete', 'ignore']);
    expect(action.optionHelp!.delete).toMatch(/deleted.*Cannot be undone/);
    const r = build(t.id, { fields: { identifier: col('u') } }, { u: 'leaver' });
    expect(r.request).toBeNull();
    expect(r.issues).toContainEqual(expect.objectContaining({ field: 'action', level: 'error' }));
    const empty = build(t.id, { fields: { identifier: col('u'), action: col('a') } }, { u: 'leaver', a: '' });
    expect(empty.request).toBeNull();
  });

  it('5. group removal: the name goes in the query and the body; empty, blank or unmapped never builds', () => {
    const t = 'coursepath.groups.remove';
    const m: Mapping = { fields: { memberId: col('m'), name: col('g') } };
    const ok = build(t, m, { m: '7', g: 'Sales' }).request!;
    expect(ok.pathAndQuery).toBe('/api/v1/members/7/groups?name=Sales');
    expect(ok.body).toBe('name=Sales');
    expect(ok.headers['Content-Type']).toBe('application/x-www-form-urlencoded');
    for (const g of ['', '   ', '\t']) expect(build(t, m, { m: '7', g }).request).toBeNull();
    expect(build(t, { fields: { memberId: col('m') } }, { m: '7' }).request).toBeNull();
    // "Remove from all groups" is its own template, destructive.
    expect(getTemplate('coursepath.groups.removeAll')!.danger).toBe('destructive');
  });

  it('7. tracking delete is form-encoded, as documented ("FormData properties")', () => {
    const r = build('coassemble.trackings.delete', { fields: { id: col('c'), identifier: col('u') } }, { c: '4321', u: 'a b' }).request!;
    expect(r.body).toBe('id=4321&identifier=a+b');
    expect(r.headers['Content-Type']).toBe('application/x-www-form-urlencoded');
  });
});

describe('read-back checks (pure)', () => {
  const sent = (templateId: string, built: Partial<BuiltRequest>, responseBody = '') => ({
    template: getTemplate(templateId)!,
    built: { method: 'POST', pathAndQuery: '', headers: {}, body: null, ...built },
    responseBody,
  });

  it('every template with a read-back or a stated lack of one exists; the listed kinds are declared', () => {
    for (const id of [...Object.keys(READ_BACKS), ...Object.keys(NO_READ_BACK)]) expect(getTemplate(id), id).toBeDefined();
    for (const id of [
      'coursepath.courses.enrol',
      'coursepath.groups.add',
      'coursepath.groups.remove',
      'coursepath.members.create',
      'coursepath.members.update',
      'coursepath.members.upsert',
      'coassemble.users.upsert',
      'coassemble.clients.upsert',
      'coassemble.courses.publish',
      'coassemble.courses.revert',
      'coassemble.courses.delete',
      'coassemble.courses.restore',
    ])
      expect(readBackFor(id), id).toBeDefined();
    expect(NO_READ_BACK['coursepath.programs.add']).toMatch(/no read of a program's members/);
  });

  it('member update: reads the member by id and shows both sides of a difference', () => {
    const spec = readBackFor('coursepath.members.update')!;
    const w = sent('coursepath.members.update', { pathAndQuery: '/api/v1/members/17', body: 'name=Ana+Lima&email=Ana%40x.test' });
    expect(spec.read(w)).toBe('/api/v1/members/17');
    const v = spec.compare(w, 200, JSON.stringify({ id: 17, name: 'ana.lima', email: 'ana@x.test' }));
    expect(v).toEqual({ kind: 'mismatch', sent: 'name=Ana Lima', lms: 'name=ana.lima' });
    expect(describeMismatch(v as { sent: string; lms: string })).toBe('sent name=Ana Lima, LMS has name=ana.lima');
    expect(spec.compare(w, 200, JSON.stringify({ name: 'Ana Lima', email: 'ANA@x.test' })).kind).toBe('match');
    expect(spec.compare(w, 404, '').kind).toBe('mismatch');
    expect(spec.compare(w, 500, '').kind).toBe('unreadable');
  });

  it('member create: reads by the id the answer gave; no id → nothing to read by', () => {
    const spec = readBackFor('coursepath.members.create')!;
    expect(spec.read(sent('coursepath.members.create', { body: 'email=a%40x.test' }, '{"id":99}'))).toBe('/api/v1/members/99');
    expect(spec.read(sent('coursepath.members.create', { body: 'email=a%40x.test' }, 'ok'))).toBeNull();
  });

  it('groups: add wants the group listed, remove wants it gone, remove-all wants none', () => {
    const w = sent('coursepath.groups.add', { pathAndQuery: '/api/v1/members/5/groups', body: 'name=Sales' });
    const list = JSON.stringify([{ name: 'sales' }, { name: 'Support' }]);
    expect(readBackFor('coursepath.groups.add')!.read(w)).toBe('/api/v1/members/5/groups?limit=500');
    expect(readBackFor('coursepath.groups.add')!.compare(w, 200, list).kind).toBe('match');
    const rm = sent('coursepath.groups.remove', { pathAndQuery: '/api/v1/members/5/groups?name=Sales', body: 'name=Sales' });
    expect(readBackFor('coursepath.groups.remove')!.compare(rm, 200, list)).toEqual({
      kind: 'mismatch',
      sent: 'remove from group=Sales',
      lms: 'groups=sales, Support',
    });
    const all = sent('coursepath.groups.removeAll', { pathAndQuery: '/api/v1/members/5/groups' });
    expect(readBackFor('coursepath.groups.removeAll')!.compare(all, 200, '[]').kind).toBe('match');
  });

  it('Coassemble identities: the metadata is compared whole (it is replaced, not merged)', () => {
    const spec = readBackFor('coassemble.users.upsert')!;
    const w = sent('coassemble.users.upsert', { pathAndQuery: '/api/v1/headless/user/u%2F1', body: '{"metadata":{"team":"red"}}' });
    expect(spec.read(w)).toBe('/api/v1/headless/user/u%2F1');
    expect(spec.compare(w, 200, '{"metadata":{"team":"red"}}').kind).toBe('match');
    expect(spec.compare(w, 200, '{"metadata":{"team":"red","old":"x"}}')).toEqual({
      kind: 'mismatch',
      sent: 'metadata={"team":"red"}',
      lms: 'metadata={"team":"red","old":"x"}',
    });
  });

  it("courses: publish wants published, delete wants deleted (or gone), restore wants it back", () => {
    const w = (id: string) => sent(id, { pathAndQuery: '/api/v1/headless/course/12/publish' });
    const draft = JSON.stringify({ id: 12, published: null, deleted: null });
    const published = JSON.stringify({ id: 12, published: '2026-01-01', deleted: null });
    const deleted = JSON.stringify({ id: 12, published: '2026-01-01', deleted: '2026-02-01' });
    expect(readBackFor('coassemble.courses.publish')!.read(w('coassemble.courses.publish'))).toBe('/api/v1/headless/courses/12');
    expect(readBackFor('coassemble.courses.publish')!.compare(w('coassemble.courses.publish'), 200, draft)).toEqual({
      kind: 'mismatch',
      sent: 'publish (course should be published)',
      lms: 'state=draft',
    });
    expect(readBackFor('coassemble.courses.delete')!.compare(w('coassemble.courses.delete'), 200, deleted).kind).toBe('match');
    expect(readBackFor('coassemble.courses.delete')!.compare(w('coassemble.courses.delete'), 404, '').kind).toBe('match');
    expect(readBackFor('coassemble.courses.restore')!.compare(w('coassemble.courses.restore'), 200, published).kind).toBe('match');
    expect(readBackFor('coassemble.courses.restore')!.compare(w('coassemble.courses.restore'), 200, deleted).kind).toBe('mismatch');
  });
});
