import { describe, expect, it } from 'vitest';
import { applyTransforms } from '../../../src-shared/mapping/transforms';
import type { Transform } from '../../../src-shared/mapping/types';

describe('transforms', () => {
  it.each<[string, Transform[], string]>([
    ['  Ann  ', [{ kind: 'trim' }], 'Ann'],
    ['Ann@Example.COM', [{ kind: 'lower' }], 'ann@example.com'],
    ['be', [{ kind: 'upper' }], 'BE'],
    ['', [{ kind: 'default', value: 'en' }], 'en'],
    ['   ', [{ kind: 'default', value: 'en' }], 'en'],
    ['fr', [{ kind: 'default', value: 'en' }], 'fr'],
    ['Jan van Smith', [{ kind: 'split', separator: ' ', index: 0 }], 'Jan'],
    ['Jan van Smith', [{ kind: 'split', separator: ' ', index: -1 }], 'Smith'],
    ['a;b', [{ kind: 'split', separator: ';', index: 5 }], ''],
    ['Yes', [{ kind: 'map', table: { Yes: 'view', No: 'edit' } }], 'view'],
    ['Maybe', [{ kind: 'map', table: { Yes: 'view' } }], 'Maybe'],
    ['toString', [{ kind: 'map', table: {} }], 'toString'],
    [' X@Y.Z ', [{ kind: 'trim' }, { kind: 'lower' }], 'x@y.z'],
    ['', undefined as unknown as Transform[], ''],
  ])('%j through %j is %j', (input, ts, out) => expect(applyTransforms(input, ts)).toBe(out));
});
