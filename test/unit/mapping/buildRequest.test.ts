import { describe, expect, it } from 'vitest';
import { getTemplate } from '../../../src-shared/connectors/catalog';
import type { Template } from '../../../src-shared/connectors/types';
import { buildRequest } from '../../../src-shared/mapping/buildRequest';
import type { Mapping } from '../../../src-shared/mapping/types';

const tpl = (id: string): Template => {
  const t = getTemplate(id);
  if (!t) throw new Error(id);
  return t;
};
const col = (column: string) => ({ kind: 'column', column }) as const;

describe('buildRequest: Coursepath create member', () => {
  const t = tpl('coursepath.members.create');
  const mapping: Mapping = {
    fields: {
      email: col('Email'),
      name: { kind: 'template', template: '{First name} {Last name}' },
      company: { kind: 'constant', value: 'Acme & Co' },
      externalId: col('Staff no'),
    },
  };

  it('a row that reads as the header again is not data: nothing is built, whatever its fields would say', () => {
    const header = {
      Email: 'Email',
      'First name': 'First name ',
      'Last name': '\u200bLast name',
      'Staff no': 'Staff no',
    };
    const { request, issues } = buildRequest(t, mapping, header);
    expect(request).toBeNull();
    expect(issues).toEqual([
      {
        field: 'row',
        level: 'error',
        message:
          'Repeats the header row (its cells are the column names, as when files are pasted together), so it is ' +
          'not data. Delete the row from the file.',
      },
    ]);
    // The names in other capitals are the header still (a file pasted from another export: stop 27's
    // regression audit found "Identifier,Email,…" under "identifier,email,…" sent as a user); one real
    // cell among them, or a blank under a real name, is data (and checked as such).
    expect(buildRequest(t, mapping, { ...header, Email: 'EMAIL', 'Staff no': 'STAFF NO' }).issues).toEqual(
      issues,
    );
    expect(buildRequest(t, mapping, { ...header, 'Staff no': '' }).issues.map((i) => i.field)).not.toContain(
      'row',
    );
    expect(buildRequest(t, mapping, { ...header, Email: 'a@example.com' }).request).not.toBeNull();
  });

  it('form-encodes the body and never adds Authorization', () => {
    const { request, issues } = buildRequest(t, mapping, {
      Email: 'ann@example.com',
      'First name': 'Ann',
      'Last name': 'Lée',
      'Staff no': '000123',
    });
    expect(issues).toEqual([]);
    expect(request).toEqual({
      method: 'POST',
      pathAndQuery: '/api/v1/members',
      headers: { Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'email=ann%40example.com&name=Ann+L%C3%A9e&company=Acme+%26+Co&externalId=000123',
    });
  });

  it('refuses a row without email, and one with a bad email', () => {
    const missing = buildRequest(t, mapping, {
      Email: '',
      'First name': 'A',
      'Last name': 'B',
      'Staff no': '',
    });
    expect(missing.request).toBeNull();
    expect(missing.issues).toEqual([{ field: 'email', level: 'error', message: 'Email: is required' }]);
    const bad = buildRequest(t, mapping, {
      Email: ' ann@example.com',
      'First name': 'A',
      'Last name': 'B',
      'Staff no': '',
    });
    expect(bad.request).toBeNull();
    expect(bad.issues[0]?.message).toMatch(/not an email address.*Trim/);
  });

  it('names an unknown placeholder', () => {
    const r = buildRequest(
      t,
      { fields: { email: col('Email'), name: { kind: 'template', template: '{First} {Last name}' } } },
      {
        Email: 'a@b.co',
        'Last name': 'B',
      },
    );
    expect(r.request).toBeNull();
    expect(r.issues).toEqual([
      { field: 'name', level: 'error', message: 'Unknown placeholder {First}: no column named "First"' },
    ]);
  });
});

describe('buildRequest: Coassemble update user (upsert)', () => {
  const t = tpl('coassemble.users.upsert');
  const mapping: Mapping = {
    fields: {
      identifier: col('User ID'),
      clientIdentifier: col('Client'),
      name: { kind: 'template', template: '{first} {last}', transforms: [{ kind: 'trim' }] },
      metadata: {
        kind: 'keyValue',
        entries: [
          { key: 'department', column: 'Dept' },
          { key: 'employeeNo', column: 'Emp' },
        ],
      },
    },
  };

  it('URL-encodes the identifier and sends JSON with metadata as an object of strings', () => {
    const { request, issues } = buildRequest(t, mapping, {
      'User ID': 'moodle-site:ab/12 ?',
      Client: 'client-7',
      first: '名前',
      last: '',
      Dept: 'Sales, "EMEA"',
      Emp: '00000000000000000042',
    });
    expect(issues).toEqual([]);
    expect(request).toEqual({
      method: 'PUT',
      pathAndQuery: '/api/v1/headless/user/moodle-site%3Aab%2F12%20%3F',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: '{"clientIdentifier":"client-7","name":"名前","metadata":{"department":"Sales, \\"EMEA\\"","employeeNo":"00000000000000000042"}}',
    });
  });

  it('requires the identifier path parameter', () => {
    const r = buildRequest(t, mapping, { 'User ID': '', Client: '', first: '', last: '', Dept: '', Emp: '' });
    expect(r.request).toBeNull();
    expect(r.issues.map((i) => i.field)).toEqual(['identifier']);
  });
});

describe('buildRequest: body encoding override', () => {
  it('sends a Coursepath invite as JSON with nested mail when the mapping asks for it', () => {
    const t = tpl('coursepath.members.invite');
    const fields = { memberId: col('id'), mailSubject: col('s') };
    const { request } = buildRequest(t, { fields, bodyEncoding: 'json' }, { id: '5', s: 'Hi "you"' });
    expect(request).toEqual({
      method: 'POST',
      pathAndQuery: '/api/v1/members/5/invite',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: '{"mail":{"subject":"Hi \\"you\\""}}',
    });
    expect(buildRequest(t, { fields, bodyEncoding: 'form' }, { id: '5', s: 'x' }).request?.body).toBe(
      'mail[subject]=x',
    );
    // No body to encode: the override changes nothing.
    const enrol = buildRequest(
      tpl('coursepath.courses.enrol'),
      { fields: { courseId: col('id'), memberId: col('id') }, bodyEncoding: 'json' },
      { id: '5' },
    );
    expect(enrol.request?.body).toBeNull();
  });
});

describe('buildRequest: a path value that would change the path', () => {
  const t = tpl('coassemble.users.delete');
  const mapping: Mapping = {
    fields: { identifier: col('id'), action: { kind: 'constant', value: 'delete' } },
  };

  it('refuses "." and ".." (any spelling a URL parser or server decodes to one), naming the field', () => {
    // `new URL` resolves them: "DELETE …/user/..?action=delete" would go to "DELETE /api/v1/headless/?action=delete".
    for (const id of ['..', '.', '%2e%2E', '.%2E', '%2E']) {
      const r = buildRequest(t, mapping, { id });
      expect(r.request, id).toBeNull();
      expect(r.issues, id).toEqual([
        {
          field: 'identifier',
          level: 'error',
          message: expect.stringMatching(/^User identifier: ".*" would change the request's path/),
        },
      ]);
    }
    for (const id of ['...', '.a', 'a..', '%2e%2e%2e'])
      expect(buildRequest(t, mapping, { id }).request?.pathAndQuery, id).toMatch(
        /^\/api\/v1\/headless\/user\/[^/?]+\?action=delete$/,
      );
  });

  it('refuses a request whose path a URL parser would rewrite, whatever made it', () => {
    const dotted: Template = { ...t, path: '/api/v1/headless/user/{identifier}/..' };
    const r = buildRequest(dotted, mapping, { id: 'ann' });
    expect(r.request).toBeNull();
    expect(r.issues).toEqual([
      {
        field: 'identifier',
        level: 'error',
        message:
          'User identifier: the request\'s path "/api/v1/headless/user/ann/.." would be sent as "/api/v1/headless/user/": a URL parser resolves a "." or ".." segment and reads "\\" as "/"',
      },
    ]);
  });
});

describe('buildRequest: a formula error in place of a value', () => {
  const t = tpl('coassemble.users.upsert');
  const why = (label: string, column: string, error: string) =>
    `${label}: column "${column}" holds ${error}, a spreadsheet formula error, not a value. Fix the formula ` +
    '(or clear the cell) in the spreadsheet and import the file again.';
  const row = { id: 'u1', first: 'Ann', last: 'Lee', dept: 'Sales' };

  it('stops the row whichever way the cell is read: a column, a template, a key-value entry', () => {
    const mapping: Mapping = {
      fields: {
        identifier: col('id'),
        name: { kind: 'template', template: '{first} {last}' },
        metadata: { kind: 'keyValue', entries: [{ key: 'department', column: 'dept' }] },
      },
    };
    expect(buildRequest(t, mapping, row).request).not.toBeNull();
    const issues = (cells: Record<string, string>) =>
      buildRequest(t, mapping, { ...row, ...cells }).issues.map((i) => i.message);
    expect(issues({ id: '#REF!' })).toEqual([why('User identifier', 'id', '#REF!')]);
    expect(issues({ last: ' #DIV/0! ' })).toEqual([why('Name', 'last', '#DIV/0!')]);
    expect(issues({ dept: '#N/A' })).toEqual([why('Metadata', 'dept', '#N/A')]);
    // LibreOffice's numbered errors, as a CSV it saved holds them.
    expect(issues({ first: 'Err:502' })).toEqual([why('Name', 'first', 'Err:502')]);
    // Text that only mentions one is a value.
    expect(issues({ dept: 'Team #N/A' })).toEqual([]);
  });

  it('is sent when the mapping turns the error into something else, a choice the admin made', () => {
    const mapping: Mapping = {
      fields: {
        identifier: col('id'),
        name: { kind: 'column', column: 'first', transforms: [{ kind: 'map', table: { '#N/A': '' } }] },
      },
    };
    const built = buildRequest(t, mapping, { ...row, first: '#N/A' });
    expect(built.issues).toEqual([]);
    expect(built.request?.body).toBe('{}');
  });
});

describe('buildRequest: a required choice left empty', () => {
  // Found by a walk-through: a user delete without "Courses of the user" said only "is required", and the
  // admin had to find the three values Coassemble takes elsewhere.
  it('names the values it takes', () => {
    const built = buildRequest(
      tpl('coassemble.users.delete'),
      { fields: { identifier: col('id') } },
      { id: 'u-1' },
    );
    expect(built.request).toBeNull();
    expect(built.issues).toEqual([
      {
        field: 'action',
        level: 'error',
        message: 'Courses of the user: is required: one of "reallocate", "delete", "ignore"',
      },
    ]);
  });
});
