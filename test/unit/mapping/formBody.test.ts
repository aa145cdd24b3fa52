// Form bodies as name/value pairs: decoding what encodeForm wrote and encoding it again gives the same
// bytes, so an unedited body shown as rows is sent exactly as built.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getTemplate } from '../../../src-shared/connectors/catalog';
import { buildRequest } from '../../../src-shared/mapping/buildRequest';
import {
  encodeFormBody,
  isFormType,
  isJsonType,
  jsonProblem,
  parseFormBody,
} from '../../../src-shared/mapping/formBody';

describe('form bodies as rows', () => {
  it('decodes a Coursepath body into readable pairs', () => {
    expect(
      parseFormBody('email=ann%40example.com&name=Nguy%E1%BB%85n+O%27Brien&mail[subject]=Hi+%26+welcome'),
    ).toEqual([
      ['email', 'ann@example.com'],
      ['name', "Nguyễn O'Brien"],
      ['mail[subject]', 'Hi & welcome'],
    ]);
  });

  // Any code point, lone surrogates included: what fast-check's `unit: 'binary'` draws, drawn as a number.
  // fast-check builds 'binary' at a cost of its own (about 1 s on an idle machine, 9 s on a loaded one, for
  // 100 runs as for 300), which timed this test out at 5 s; a number maps to a character in no time, so the
  // 300 runs stay, and the whole property takes a fraction of a second.
  const anyCodePoint = fc.integer({ min: 0, max: 0x10ffff }).map(
    (c) => String.fromCodePoint(c),
    (ch) => {
      const c = typeof ch === 'string' ? ch.codePointAt(0) : undefined;
      if (c === undefined || String.fromCodePoint(c) !== ch) throw new Error('not one code point');
      return c;
    },
  );

  it('round-trips every body the builder writes, byte for byte', () => {
    const template = getTemplate('coursepath.members.invite')!;
    fc.assert(
      fc.property(
        fc.string({ unit: anyCodePoint, maxLength: 30 }),
        fc.string({ unit: anyCodePoint, maxLength: 30 }),
        (subject, body) => {
          const { request } = buildRequest(
            template,
            {
              fields: {
                memberId: { kind: 'constant', value: '7' },
                mailSubject: { kind: 'constant', value: subject },
                mailBody: { kind: 'constant', value: body },
              },
            },
            {},
          );
          if (!request?.body) return;
          expect(encodeFormBody(parseFormBody(request.body))).toBe(request.body);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps a stray % as it is rather than failing', () => {
    expect(parseFormBody('a=100%&b')).toEqual([
      ['a', '100%'],
      ['b', ''],
    ]);
  });

  it('knows form and JSON content types, parameters and case aside', () => {
    expect(isFormType({ 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' })).toBe(true);
    expect(isJsonType({ 'Content-Type': 'application/json' })).toBe(true);
    expect(isJsonType({ 'Content-Type': 'application/vnd.api+json' })).toBe(true);
    expect(isJsonType({ Accept: 'application/json' })).toBe(false);
  });

  it('says where JSON stops being JSON', () => {
    expect(jsonProblem('{"a": 1}')).toBeNull();
    expect(jsonProblem('{\n  "a": 1,\n}')).toMatch(/^Not valid JSON: .*line 3/);
  });
});
