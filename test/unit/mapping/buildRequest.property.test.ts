// Property tests: buildRequest never throws, whatever the cells and mapping; typed-as-text cells reach
// JSON and form bodies unchanged; the same input always gives the same bytes (preview == sent); and
// validateRows refuses exactly the rows buildRequest refuses.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getTemplate, TEMPLATES } from '../../../src-shared/connectors/catalog';
import { manualTemplate } from '../../../src-shared/connectors/customTemplate';
import { buildRequest } from '../../../src-shared/mapping/buildRequest';
import { isDotSegment } from '../../../src-shared/mapping/urlPath';
import type { FieldSource, Mapping, Transform } from '../../../src-shared/mapping/types';
import { validateRows } from '../../../src-shared/mapping/validateRows';

// Any UTF-16 string, lone surrogates included (a CSV never holds them, random input does).
const anyString = fc.string({ unit: 'binary', maxLength: 40 });
const someString = fc.string({ unit: 'binary', minLength: 1, maxLength: 40 });
// Text as a cell holds it: any string without control characters (C0 but tab, LF and CR; DEL; C1),
// which are refused (fieldChecks.ts).
const CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]/;
const anyText = anyString.filter((s) => !CONTROL.test(s));
const someText = someString.filter((s) => !CONTROL.test(s));

const transform: fc.Arbitrary<Transform> = fc.oneof(
  fc.constant({ kind: 'trim' } as const),
  fc.constant({ kind: 'lower' } as const),
  fc.constant({ kind: 'upper' } as const),
  anyString.map((value) => ({ kind: 'default', value }) as const),
  fc.record({
    kind: fc.constant('split' as const),
    separator: someString,
    index: fc.integer({ min: -5, max: 5 }),
  }),
  fc.record({ kind: fc.constant('map' as const), table: fc.dictionary(anyString, anyString) }),
);

const COLUMNS = ['a', 'b', 'c', '__proto__', 'first name'];
const column = fc.oneof(fc.constantFrom(...COLUMNS), anyString);
const source: fc.Arbitrary<FieldSource> = fc.oneof(
  fc.record({
    kind: fc.constant('column' as const),
    column,
    transforms: fc.array(transform, { maxLength: 3 }),
  }),
  fc.record({ kind: fc.constant('constant' as const), value: anyString }),
  fc.record({
    kind: fc.constant('template' as const),
    template: anyString,
    transforms: fc.array(transform, { maxLength: 2 }),
  }),
  fc.record({
    kind: fc.constant('template' as const),
    template: fc
      .array(fc.constantFrom('{a}', '{b}', ' ', '{{', '}}', 'x', '{first name}'), { maxLength: 6 })
      .map((p) => p.join('')),
  }),
  fc.record({
    kind: fc.constant('keyValue' as const),
    entries: fc.array(fc.record({ key: someString, column }), { maxLength: 3 }),
  }),
  fc.constant({ kind: 'none' } as const),
);
const row = fc.record(
  Object.fromEntries(COLUMNS.map((c) => [c, anyString])) as Record<string, fc.Arbitrary<string>>,
);

describe('buildRequest properties', () => {
  it.each(TEMPLATES.map((t) => [t.id, t] as const))('%s never throws and is deterministic', (_id, t) => {
    const mapping = fc.record(
      Object.fromEntries(t.fields.map((f) => [f.key, source])) as Record<string, fc.Arbitrary<FieldSource>>,
      {
        requiredKeys: [],
      },
    );
    fc.assert(
      fc.property(mapping, row, (fields, r) => {
        const m: Mapping = { fields: fields as Record<string, FieldSource> };
        const first = buildRequest(t, m, r);
        expect((first.request === null) === first.issues.some((i) => i.level === 'error')).toBe(true);
        // Preview and runner both call buildRequest, and the request is stored as JSON in between.
        const again = buildRequest(t, structuredClone(m), { ...r });
        expect(again).toEqual(first);
        if (first.request) expect(JSON.parse(JSON.stringify(first.request))).toEqual(first.request);
        if (first.request?.body && t.bodyEncoding === 'json') JSON.parse(first.request.body);
      }),
      { numRuns: 150 },
    );
  });

  it('keeps arbitrary cells byte for byte in a JSON body and the URL', () => {
    const t = getTemplate('coassemble.users.upsert')!;
    const m: Mapping = {
      fields: {
        identifier: { kind: 'column', column: 'id' },
        clientIdentifier: { kind: 'column', column: 'client' },
        name: { kind: 'column', column: 'name' },
        metadata: { kind: 'keyValue', entries: [{ key: 'k', column: 'meta' }] },
      },
    };
    // A blank identifier is refused on purpose (a URL segment of spaces is a spreadsheet slip), and so is
    // "." or "..": a URL parser would resolve it and send the call to another path.
    const wellFormed = fc
      .string({ unit: 'grapheme', minLength: 1, maxLength: 40 })
      .filter((s) => s.trim() !== '' && !isDotSegment(s) && !CONTROL.test(s));
    fc.assert(
      fc.property(wellFormed, someText, someText, anyText, (id, client, name, meta) => {
        const { request } = buildRequest(t, m, { id, client, name, meta });
        expect(request).not.toBeNull();
        expect(JSON.parse(request!.body!)).toEqual({ clientIdentifier: client, name, metadata: { k: meta } });
        expect(decodeURIComponent(request!.pathAndQuery.slice('/api/v1/headless/user/'.length))).toBe(id);
      }),
      { numRuns: 500 },
    );
  });

  it('keeps every column of a manual record, empty ones included', () => {
    const cols = ['x', 'y.z', 'ü'];
    const { template } = manualTemplate({ method: 'POST', url: '/api/v1/headless/things' }, cols);
    fc.assert(
      fc.property(anyText, anyText, anyText, (x, y, u) => {
        const { request } = buildRequest(template!, { fields: {} }, { x, 'y.z': y, ü: u });
        expect(JSON.parse(request!.body!)).toEqual({ x, 'y.z': y, ü: u });
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a row whose cell holds a control character, wherever it is in the cell', () => {
    const t = getTemplate('coassemble.users.upsert')!;
    const m: Mapping = {
      fields: {
        identifier: { kind: 'constant', value: 'u1' },
        name: { kind: 'column', column: 'name' },
        metadata: { kind: 'keyValue', entries: [{ key: 'k', column: 'meta' }] },
      },
    };
    const control = fc.constantFrom(
      '\x00',
      '\x01',
      '\x08',
      '\x0b',
      '\x0c',
      '\x1b',
      '\x1f',
      '\x7f',
      '\x85',
      '\x9f',
    );
    fc.assert(
      fc.property(anyText, control, anyText, fc.boolean(), (before, c, after, inMeta) => {
        const cell = before + c + after;
        const { request, issues } = buildRequest(
          t,
          m,
          inMeta ? { name: 'Ann', meta: cell } : { name: cell, meta: '' },
        );
        expect(request).toBeNull();
        expect(issues.map((i) => i.message).join('\n')).toContain(`control character U+00`);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps arbitrary cells in a form body, nested names included', () => {
    const t = getTemplate('coursepath.courses.invite')!;
    const m: Mapping = {
      fields: {
        courseId: { kind: 'constant', value: '1' },
        memberId: { kind: 'constant', value: '2' },
        mailSubject: { kind: 'column', column: 's' },
        mailBody: { kind: 'column', column: 'b' },
      },
    };
    const text = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 60 });
    fc.assert(
      fc.property(text, text, (s, b) => {
        const { request } = buildRequest(t, m, { s, b });
        const decoded = new URLSearchParams(request!.body!);
        expect([...decoded.entries()]).toEqual([
          ['mail[subject]', s],
          ['mail[body]', b],
        ]);
      }),
      { numRuns: 300 },
    );
  });

  it('validateRows refuses exactly the rows buildRequest refuses (no unique fields involved)', () => {
    const t = getTemplate('coassemble.courses.signedUrl')!;
    const m: Mapping = {
      fields: {
        action: { kind: 'column', column: 'a' },
        courseId: { kind: 'column', column: 'b' },
        identifier: { kind: 'column', column: 'c' },
        options: { kind: 'column', column: 'first name' },
      },
    };
    const cell = fc.oneof(anyString, fc.constantFrom('view', 'edit', '12', '007', '{}', '[]', ' x '));
    const rowArb = fc.record({ a: cell, b: cell, c: cell, 'first name': cell });
    fc.assert(
      fc.property(fc.array(rowArb, { maxLength: 20 }), (rows) => {
        const report = validateRows(t, m, rows);
        const refused = rows.flatMap((r, i) => (buildRequest(t, m, r).request ? [] : [i + 1]));
        const errorRows = report.rows
          .filter((x) => x.issues.some((i) => i.level === 'error'))
          .map((x) => x.rowNumber);
        expect(errorRows).toEqual(refused);
      }),
      { numRuns: 200 },
    );
  });
});
