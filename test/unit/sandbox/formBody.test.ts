// The sandbox reads form and multipart bodies into objects the way PHP's parse_str does (`mail[subject]`
// nests). A key naming the object prototype (`__proto__[email]=…`) walked into Object.prototype: one
// request then gave every object in the sandbox's process an email, so "email is required" held no more
// until a restart (audit of issue 3). Such keys are ignored.
import { afterEach, describe, expect, it } from 'vitest';
import { formToObject } from '../../../src-main/sandbox/http/body';

describe('formToObject', () => {
  afterEach(() => {
    // Undo a poisoning, should the test fail, so the rest of the run is not poisoned with it.
    for (const k of ['email', 'polluted']) delete (Object.prototype as Record<string, unknown>)[k];
  });

  it('nests bracketed keys, and collects [] into arrays', () => {
    expect(formToObject(new URLSearchParams('a=1&mail[subject]=Hi&tags[]=x&tags[]=y'))).toEqual({
      a: '1',
      mail: { subject: 'Hi' },
      tags: ['x', 'y'],
    });
  });

  it('ignores keys that name the prototype, at any depth, and poisons nothing', () => {
    const body = formToObject(
      new URLSearchParams(
        '__proto__[email]=ghost@x.test&constructor[prototype][polluted]=1&a[__proto__][email]=x&name=Ann',
      ),
    );
    expect(({} as Record<string, unknown>).email).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(body).toEqual({ name: 'Ann' });
    expect(Object.getPrototypeOf(body)).toBe(Object.prototype);
  });
});
