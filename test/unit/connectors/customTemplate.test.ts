import { describe, expect, it } from 'vitest';
import { resolveTemplate } from '../../../src-shared/connectors/catalog';
import {
  checkManualConfig,
  MANUAL_TEMPLATE_ID,
  manualTemplate,
  parseHeaderList,
  type ManualConfig,
} from '../../../src-shared/connectors/customTemplate';
import { buildRequest } from '../../../src-shared/mapping/buildRequest';
import { confirmationPhrase } from '../../../src-shared/runner/confirmGuard';

const columns = ['Course ID', 'title', 'notes', 'a.b', 'count'];
const row = { 'Course ID': '12345', title: 'Safety 101', notes: '', 'a.b': 'x', count: '007' };

function build(config: ManualConfig, r: Record<string, string> = row) {
  const { template, issues } = manualTemplate(config, columns);
  expect(issues.filter((i) => i.level === 'error')).toEqual([]);
  return buildRequest(template!, { fields: {} }, r);
}

describe('manual configuration', () => {
  it('sends each record as the JSON body, with {column} placeholders in the URL', () => {
    const { request, issues } = build({
      method: 'POST',
      url: 'https://api.coassemble.com/api/v1/headless/course/{Course ID}/publish',
      exclude: ['Course ID'],
      headers: parseHeaderList('X-Trace: abc, X-Team:blue'),
    });
    expect(issues).toEqual([]);
    expect(request).toEqual({
      method: 'POST',
      pathAndQuery: '/api/v1/headless/course/12345/publish',
      headers: {
        Accept: 'application/json',
        'Content-Type': 'application/json',
        'X-Trace': 'abc',
        'X-Team': 'blue',
      },
      // Empty cells are sent as "", dotted column names stay literal, leading zeros stay.
      body: '{"title":"Safety 101","notes":"","a.b":"x","count":"007"}',
    });
  });

  it('applies per-column types, with empty typed cells as null', () => {
    const { request, issues } = build(
      {
        method: 'PUT',
        url: '/api/v1/headless/things/{title}',
        exclude: ['Course ID', 'a.b', 'title'],
        types: { count: 'integer', notes: 'json' },
      },
      { ...row, count: '42', title: 'a/b' },
    );
    expect(issues).toEqual([]);
    expect(request?.pathAndQuery).toBe('/api/v1/headless/things/a%2Fb');
    expect(request?.body).toBe('{"notes":null,"count":42}');
  });

  it('refuses unknown placeholders, Authorization headers and URLs outside the API', () => {
    const issues = checkManualConfig(
      { method: 'POST', url: '/v2/{nope}', headers: { Authorization: 'Bearer x', 'Bad Header': 'v' } },
      columns,
    );
    expect(issues.filter((i) => i.level === 'error').map((i) => i.message)).toEqual([
      'The URL must be under the API, e.g. /api/v1/headless/…; got "/v2/{nope}"',
      'Unknown placeholder {nope}: no column named "nope"',
      'Authorization is set by Bulk Desk from the keychain at send time; remove it',
      '"Bad Header" is not a valid header name',
    ]);
    expect(manualTemplate({ method: 'POST', url: '/v2' }, columns).template).toBeNull();
  });

  it('refuses a URL with a "." or ".." segment: it would be sent to another path than the one shown', () => {
    for (const url of ['/api/v1/headless/course/{Course ID}/../client', '/api/v1/headless/./x', '/api/v1/headless/%2E%2e/x'])
      expect(checkManualConfig({ method: 'POST', url }, columns).filter((i) => i.level === 'error'), url).toEqual([
        expect.objectContaining({ field: 'manual.url', message: expect.stringMatching(/"\.\.?" segment/) }),
      ]);
  });

  it('is reached through resolveTemplate from the mapping', () => {
    const manual: ManualConfig = {
      method: 'DELETE',
      url: '/api/v1/headless/course/{Course ID}',
      exclude: columns,
    };
    const t = resolveTemplate(MANUAL_TEMPLATE_ID, { fields: {}, manual }, columns);
    expect(t?.danger).toBe('destructive');
    expect(t?.idempotent).toBe(true);
    expect(buildRequest(t!, { fields: {} }, row).request).toMatchObject({
      method: 'DELETE',
      pathAndQuery: '/api/v1/headless/course/12345',
      body: null,
    });
    expect(resolveTemplate(MANUAL_TEMPLATE_ID, { fields: {} }, columns)).toBeUndefined();
    expect(resolveTemplate('coassemble.users.upsert', { fields: {} }, columns)?.method).toBe('PUT');
  });

  it('lets the admin override a column with a constant or a template', () => {
    const { template } = manualTemplate(
      { method: 'POST', url: '/api/v1/headless/x', exclude: ['Course ID', 'a.b', 'count'] },
      columns,
    );
    const { request } = buildRequest(
      template!,
      {
        fields: {
          title: { kind: 'template', template: '{title} ({Course ID})' },
          notes: { kind: 'constant', value: 'n' },
        },
      },
      row,
    );
    expect(request?.body).toBe('{"title":"Safety 101 (12345)","notes":"n"}');
  });

  it('refuses headers that look like credentials: a mapping is saved in the database', () => {
    for (const name of ['X-Api-Key', 'X-Auth-Token', 'Api_Key', 'X-Session', 'Cookie2'])
      expect(checkManualConfig({ method: 'POST', url: '/api/v1/headless/x', headers: { [name]: 'v' } }, columns)).toEqual([
        expect.objectContaining({ field: 'manual.headers', level: 'error', message: expect.stringMatching(/looks like a credential/) }),
      ]);
    expect(checkManualConfig({ method: 'POST', url: '/api/v1/headless/x', headers: { 'X-Team': 'blue' } }, columns)).toEqual([]);
  });

  it("refuses a gateway's key header by its name, and any header whose value is shaped like a key or token", () => {
    // An LMS behind an API gateway wants its key too (Azure API Management's Ocp-Apim-Subscription-Key): such
    // names passed, and the key was kept in clear with the mapping, every job and every request's headers.
    for (const name of ['Ocp-Apim-Subscription-Key', 'X-Access-Key', 'X-Gateway-Key', 'Key', 'X-Credential'])
      expect(checkManualConfig({ method: 'POST', url: '/api/v1/headless/x', headers: { [name]: 'v' } }, columns), name).toEqual([
        expect.objectContaining({ field: 'manual.headers', level: 'error', message: expect.stringMatching(/looks like a credential/) }),
      ]);
    for (const value of ['Bearer abcdefghijklmnop', `COASSEMBLE:42:${'a'.repeat(64)}`, 'eyJhbGciOi.eyJzdWIiOi.c2ln', 'f'.repeat(40)])
      expect(checkManualConfig({ method: 'POST', url: '/api/v1/headless/x', headers: { 'X-Team': value } }, columns), value).toEqual([
        expect.objectContaining({ field: 'manual.headers', level: 'error', message: expect.stringMatching(/^The value of X-Team looks like a key or token/) }),
      ]);
    // Not credentials: a request's own idempotency key, and ordinary values.
    for (const name of ['Idempotency-Key', 'X-Idempotency-Key'])
      expect(checkManualConfig({ method: 'POST', url: '/api/v1/headless/x', headers: { [name]: 'row-2' } }, columns), name).toEqual([]);
  });

  it('keeps the response fields to capture, and checks their paths', () => {
    const { template } = manualTemplate(
      { method: 'POST', url: '/api/v1/headless/course/{Course ID}/duplicate', capture: { 'New course': 'id', Answer: '' } },
      columns,
    );
    expect(template?.capture).toEqual({ 'New course': 'id', Answer: '' });
    expect(
      checkManualConfig({ method: 'POST', url: '/api/v1/headless/x', capture: { ' ': 'id', Bad: 'a..b' } }, columns).map((i) => i.message),
    ).toEqual(['A captured response field needs a name', expect.stringMatching(/^"a\.\.b" is not a path into the answer/)]);
  });

  describe('danger: what a manual call may change', () => {
    const cols = ['Course', 'Client', 'Action'];
    const phrase = (method: ManualConfig['method'], url: string, rows = 4) => {
      const { template } = manualTemplate({ method, url }, cols);
      return confirmationPhrase(template!, rows, 'SB CA');
    };

    it('takes the danger and the wording of the catalog call with the same method and path', () => {
      expect(phrase('POST', '/api/v1/headless/course/{Course}/revert')).toBe('REVERT 4 courses on SB CA');
      expect(phrase('POST', 'https://api.coassemble.com/api/v1/headless/course/123/revert/', 1)).toBe('REVERT 1 course on SB CA');
      expect(phrase('PUT', '/api/v1/headless/client/{Client}')).toBe('OVERWRITE 4 clients on SB CA');
      expect(phrase('DELETE', '/api/v1/headless/course/{Course}')).toBe('DELETE 4 courses on SB CA');
      // A publish asks as the catalog's does (learners see the draft; Coassemble has no unpublish).
      expect(phrase('POST', '/api/v1/headless/course/{Course}/publish')).toBe('PUBLISH 4 courses on SB CA');
      // A catalog call that only adds asks nothing, as the catalog template does not.
      expect(phrase('POST', '/api/v1/headless/course/{Course}/duplicate')).toBeNull();
      expect(manualTemplate({ method: 'POST', url: '/api/v1/headless/course/{Course}/duplicate' }, cols).template?.danger).toBe('safe');
    });

    it('treats any other write as destructive, naming the method and the path', () => {
      expect(phrase('POST', '/api/v1/headless/course/{Course}/archive')).toBe(
        'POST 4 records to /api/v1/headless/course/{Course}/archive on SB CA',
      );
      expect(phrase('PUT', '/api/v1/headless/things/{Client}', 1)).toBe('PUT 1 record to /api/v1/headless/things/{Client} on SB CA');
      expect(phrase('DELETE', '/api/v1/headless/things/{Client}')).toBe('DELETE 4 records at /api/v1/headless/things/{Client} on SB CA');
      // A placeholder where the catalog has a fixed word could be any call (publish, revert, duplicate…).
      expect(phrase('POST', '/api/v1/headless/course/{Course}/{Action}')).toBe(
        'POST 4 records to /api/v1/headless/course/{Course}/{Action} on SB CA',
      );
      // A query string may change what a catalog call that only adds does: not trusted as safe.
      expect(phrase('POST', '/api/v1/headless/course/{Course}/duplicate?mode=x')).toBe(
        'POST 4 records to /api/v1/headless/course/{Course}/duplicate?mode=x on SB CA',
      );
    });
  });
});
