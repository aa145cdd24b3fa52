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

  it('round-trips every body the builder writes, byte for byte', () => {
    const template = getTemplate('coursepath.members.invite')!;
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 30 }),
        fc.string({ unit: 'binary', maxLength: 30 }),
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
