import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../src-main/sandbox/index';
import { seedState } from '../../../src-main/sandbox/state/seedData';
import { arr, ca, cp } from './helpers';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ seed: 91, coassembleLimit: null });
});
afterAll(() => sb.close());

describe('seeded demo data', () => {
  it('state: the same seed gives the same demo data; another seed gives other data', async () => {
    const twin = await startSandbox({ seed: 91 });
    try {
      const a = await (await fetch(`${sb.url}/__sandbox/state`)).text();
      const b = await (await fetch(`${twin.url}/__sandbox/state`)).text();
      expect(b).toBe(a);
    } finally {
      await twin.close();
    }
    expect(JSON.stringify([...seedState(92, 'x@y.z').coassemble.courses.values()])).not.toBe(
      JSON.stringify([...seedState(91, 'x@y.z').coassemble.courses.values()]),
    );
  });

  it('state: realistic ids — 5-digit course ids, 7-digit member ids, increasing with gaps', async () => {
    const courses = arr((await ca(sb, 'GET', '/courses?deleted=true')).json).map((c) => c.id as number);
    expect(courses.every((id) => id >= 41_000 && id < 100_000)).toBe(true);
    expect(courses).toEqual([...courses].sort((x, y) => x - y));
    const members = arr((await cp(sb, 'GET', '/members')).json).map((m) => m.id as number);
    expect(members.every((id) => id > 1_000_000)).toBe(true);
  });

  it('state: trackings have progress, scores and dates — some completed, some in progress', async () => {
    const courses = arr((await ca(sb, 'GET', '/courses')).json).filter((c) => c.published);
    const rows = (await Promise.all(courses.map(async (c) => arr((await ca(sb, 'GET', `/trackings?id=${c.id as number}`)).json)))).flat();
    expect(rows.length).toBeGreaterThan(50);
    const done = rows.filter((t) => t.completed);
    const going = rows.filter((t) => !t.completed);
    expect(done.length).toBeGreaterThan(10);
    expect(going.length).toBeGreaterThan(10);
    expect(done.every((t) => t.progressPercent === 100 && typeof t.score === 'number' && typeof t.passed === 'boolean')).toBe(true);
    expect(going.every((t) => (t.progressPercent as number) < 100 && t.score === null)).toBe(true);
    expect(rows.every((t) => !Number.isNaN(Date.parse(t.commenced as string)))).toBe(true);
    expect(done.every((t) => Date.parse(t.completed as string) >= Date.parse(t.commenced as string))).toBe(true);
  });

  it('state: demo data has drafts, published courses and one soft-deleted course', async () => {
    const all = arr((await ca(sb, 'GET', '/courses?deleted=true')).json);
    expect(all.filter((c) => c.deleted)).toHaveLength(1);
    expect(all.filter((c) => !c.published).length).toBeGreaterThanOrEqual(2);
    expect(all.filter((c) => c.published && !c.deleted).length).toBeGreaterThanOrEqual(8);
  });
});
