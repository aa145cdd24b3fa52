// The cells the issue names as hostile must reach the body unchanged: leading zeros, 20-digit numbers,
// quotes, commas, newlines, non-Latin text and a byte-order mark.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getTemplate } from '../../../src-shared/connectors/catalog';
import { manualTemplate } from '../../../src-shared/connectors/customTemplate';
import { buildRequest } from '../../../src-shared/mapping/buildRequest';
import { encodePathSegment, formEncode } from '../../../src-shared/mapping/encodeBody';

const hostile = {
  zeros: '000123',
  long: '12345678901234567890',
  quotes: 'She said "hi" \'there\'',
  commas: 'a, b, c',
  newlines: 'line 1\r\nline 2\nline 3',
  nonLatin: 'Ольга 李雷 مرحبا 🎓',
  bom: '\uFEFFstarts with a BOM',
};

describe('cells reach the body unchanged', () => {
  it('in a JSON body (manual record)', () => {
    const { template } = manualTemplate({ method: 'POST', url: '/api/v1/headless/x' }, Object.keys(hostile));
    const { request } = buildRequest(template!, { fields: {} }, hostile);
    expect(JSON.parse(request!.body!)).toEqual(hostile);
    expect(request!.body).toContain('"zeros":"000123"');
    expect(request!.body).toContain('"long":"12345678901234567890"');
  });

  it('in a form body', () => {
    const t = getTemplate('coursepath.members.update')!;
    const fields = {
      memberId: { kind: 'constant', value: '1' } as const,
      name: { kind: 'column', column: 'v' } as const,
    };
    for (const v of Object.values(hostile)) {
      const { request } = buildRequest(t, { fields }, { v });
      expect(new URLSearchParams(request!.body!).get('name')).toBe(v);
    }
  });

  it('a 20-digit id typed as a number is sent as the same digits, not rounded', () => {
    const t = getTemplate('coassemble.courses.signedUrl')!;
    const m = {
      fields: {
        action: { kind: 'constant', value: 'view' },
        courseId: { kind: 'column', column: 'c' },
        identifier: { kind: 'constant', value: 'u' },
      },
    } as const;
    const { request, issues } = buildRequest(t, m, { c: hostile.long });
    expect(request!.body).toBe('{"action":"view","courseId":12345678901234567890,"identifier":"u"}');
    expect(issues).toEqual([
      {
        field: 'courseId',
        level: 'warning',
        message:
          'Course ID: "12345678901234567890" is longer than 15 digits; it is sent exactly, but some servers round such numbers',
      },
    ]);
    // A JSON number cannot keep leading zeros: refused rather than silently changed.
    expect(buildRequest(t, m, { c: '007' }).request).toBeNull();
  });

  it('a path parameter keeps leading zeros', () => {
    const t = getTemplate('coursepath.courses.enrol')!;
    const { request } = buildRequest(
      t,
      {
        fields: { courseId: { kind: 'constant', value: '0042' }, memberId: { kind: 'constant', value: '7' } },
      },
      {},
    );
    expect(request!.pathAndQuery).toBe('/api/v1/courses/0042/members/7/coursemember');
  });
});

describe('encoders', () => {
  it('percent-encodes path segments, and never throws on lone surrogates', () => {
    expect(encodePathSegment('a/b?c#d e')).toBe('a%2Fb%3Fc%23d%20e');
    expect(encodePathSegment('\uD800x')).toBe('%EF%BF%BDx');
  });

  it('form-encodes as WHATWG does', () => {
    const s = "a b!'()~*-._&=+";
    expect(formEncode(s)).toBe(new URLSearchParams({ k: s }).toString().slice(2));
  });

  it('form-encodes any string as WHATWG URLSearchParams does: ASCII, UTF-8, lone surrogates', () => {
    const whatwg = (s: string) => new URLSearchParams({ k: s }).toString().slice(2);
    const unit = fc.oneof(
      fc.integer({ min: 0, max: 127 }).map((c) => String.fromCharCode(c)),
      fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
      fc.constantFrom('é', '李', '🎓', ' ', '+', '%', '&', '=', '~', "'"),
    );
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 40 }), (s) => formEncode(s) === whatwg(s)),
      { numRuns: 2000 },
    );
    for (const s of ['', 'user1@example.com', 'Acme, Inc.', 'Lée', 'a\uD800b', '100%', 'x y+z'])
      expect(formEncode(s)).toBe(whatwg(s));
  });

  it('sends typed booleans, JSON options and nested names', () => {
    const t = getTemplate('coassemble.courses.signedUrl')!;
    const { request } = buildRequest(
      t,
      {
        fields: {
          action: { kind: 'constant', value: 'edit' },
          identifier: { kind: 'constant', value: 'u' },
          options: { kind: 'constant', value: ' {"back":"hidden","legacy":false} ' },
        },
      },
      {},
    );
    expect(request!.body).toBe(
      '{"action":"edit","identifier":"u","options":{"back":"hidden","legacy":false}}',
    );
    const bad = buildRequest(
      t,
      {
        fields: {
          action: { kind: 'constant', value: 'edit' },
          identifier: { kind: 'constant', value: 'u' },
          options: { kind: 'constant', value: '[]' },
        },
      },
      {},
    );
    expect(bad.issues).toEqual([
      { field: 'options', level: 'error', message: 'Options: must be a JSON object' },
    ]);
  });
});
