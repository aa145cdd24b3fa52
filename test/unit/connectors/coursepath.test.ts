// One test per Coursepath template: a sample row, and the exact method, URL and body the reference
// (shared/reference/coursepath-api.md §7–§8) calls for.
import { describe, expect, it } from 'vitest';
import { templatesFor } from '../../../src-shared/connectors/catalog';
import { checkCase, type TemplateCase } from './templateCase';

const member = {
  email: 'ann.lee@example.com',
  name: 'Ann Lée',
  company: 'Acme',
  department: 'R&D',
  country: 'BE',
  externalId: '007',
};
const memberBody =
  'email=ann.lee%40example.com&name=Ann+L%C3%A9e&company=Acme&department=R%26D&country=BE&externalId=007';

const cases: TemplateCase[] = [
  { id: 'coursepath.members.create', row: member, method: 'POST', url: '/api/v1/members', body: memberBody },
  {
    id: 'coursepath.members.update',
    row: { memberId: '456', company: 'Acme (EU)' },
    method: 'POST',
    url: '/api/v1/members/456',
    body: 'company=Acme+%28EU%29',
  },
  // Create or update: a member id (the plan's, found by email) makes it an update; none, a create.
  {
    id: 'coursepath.members.upsert',
    row: { memberId: '456', ...member },
    method: 'POST',
    url: '/api/v1/members/456',
    body: memberBody,
  },
  {
    id: 'coursepath.members.upsert',
    row: member,
    method: 'POST',
    url: '/api/v1/members',
    body: memberBody,
  },
  {
    id: 'coursepath.courses.createMember',
    row: { courseId: '123', ...member },
    method: 'POST',
    url: '/api/v1/courses/123/members',
    body: memberBody,
  },
  {
    id: 'coursepath.programs.createMember',
    row: { programId: '9', email: 'bo@example.com', firstname: 'Bo', lastname: 'de Vries' },
    method: 'POST',
    url: '/api/v1/programs/9/members',
    body: 'email=bo%40example.com&firstname=Bo&lastname=de+Vries',
  },
  {
    id: 'coursepath.courses.enrol',
    row: { courseId: '123', memberId: '456' },
    method: 'POST',
    url: '/api/v1/courses/123/members/456/coursemember',
    body: null,
  },
  {
    id: 'coursepath.courses.unenrol',
    row: { courseId: '123', memberId: '456' },
    method: 'DELETE',
    url: '/api/v1/courses/123/members/456/coursemember',
    body: null,
  },
  {
    id: 'coursepath.programs.add',
    row: { programId: '9', memberId: '456' },
    method: 'POST',
    url: '/api/v1/programs/9/members/456/programmember',
    body: null,
  },
  {
    id: 'coursepath.programs.remove',
    row: { programId: '9', memberId: '456' },
    method: 'DELETE',
    url: '/api/v1/programs/9/members/456/programmember',
    body: null,
  },
  {
    id: 'coursepath.members.invite',
    row: { memberId: '456', mailSubject: 'Welcome!', mailBody: 'Hi Ann,\nstart here.', mailAction: 'Start' },
    method: 'POST',
    url: '/api/v1/members/456/invite',
    body: 'mail[subject]=Welcome%21&mail[body]=Hi+Ann%2C%0Astart+here.&mail[action]=Start',
  },
  {
    id: 'coursepath.members.invite',
    row: { memberId: '456' },
    method: 'POST',
    url: '/api/v1/members/456/invite',
    body: null,
  },
  {
    id: 'coursepath.courses.invite',
    row: { courseId: '123', memberId: '456', mailSubject: 'Your course' },
    method: 'POST',
    url: '/api/v1/courses/123/members/456/invite',
    body: 'mail[subject]=Your+course',
  },
  {
    id: 'coursepath.programs.invite',
    row: { programId: '9', memberId: '456', mailAction: 'Go' },
    method: 'POST',
    url: '/api/v1/programs/9/members/456/invite',
    body: 'mail[action]=Go',
  },
  {
    id: 'coursepath.groups.add',
    row: { memberId: '456', name: 'Sales EMEA' },
    method: 'POST',
    url: '/api/v1/members/456/groups',
    body: 'name=Sales+EMEA',
  },
  {
    id: 'coursepath.groups.remove',
    row: { memberId: '456', name: 'Sales & Marketing' },
    method: 'DELETE',
    url: '/api/v1/members/456/groups?name=Sales+%26+Marketing',
    // In the query and in the body: whichever one the server reads, it sees the group (issue 14, #5).
    body: 'name=Sales+%26+Marketing',
  },
  {
    id: 'coursepath.groups.removeAll',
    row: { memberId: '456' },
    method: 'DELETE',
    url: '/api/v1/members/456/groups',
    body: null,
  },
];

describe('Coursepath templates', () => {
  it.each(cases.map((c) => [c.id, c] as const))('%s builds the documented request', (_id, c) => checkCase(c));

  it('has a case for every Coursepath template', () => {
    const covered = new Set(cases.map((c) => c.id));
    expect(templatesFor('coursepath').filter((t) => !covered.has(t.id))).toEqual([]);
  });
});
