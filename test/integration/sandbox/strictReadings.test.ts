// The strict readings over HTTP, as a client meets them: `strictRepeats` and `countRefused` reach the
// routes and the per-IP limiter through startSandbox, and the CLI's flags and banner say them.
import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../src-main/sandbox/index';
import { ca, cp, obj } from './helpers';

const open: Sandbox[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});
async function sandbox(opts: Parameters<typeof startSandbox>[0]): Promise<Sandbox> {
  const sb = await startSandbox(opts);
  open.push(sb);
  return sb;
}

interface Plain {
  coassemble: { courses: { id: number; deleted: string | null }[] };
  coursepath: { courses: { id: number }[]; members: { id: number; role: string }[] };
}

async function state(sb: Sandbox): Promise<Plain> {
  return (await (await fetch(`${sb.url}/__sandbox/state`)).json()) as Plain;
}

describe('strictRepeats over HTTP', () => {
  it('a second course delete answers 404 and a second enrolment 409; the default answers 200 to both', async () => {
    for (const strictRepeats of [false, true]) {
      const sb = await sandbox({ seed: 3, strictRepeats, coassembleLimit: null });
      const st = await state(sb);
      const course = st.coassemble.courses.find((c) => c.deleted === null)!;
      expect((await ca(sb, 'DELETE', `/course/${course.id}`)).status).toBe(200);
      const again = await ca(sb, 'DELETE', `/course/${course.id}`);
      expect(again.status).toBe(strictRepeats ? 404 : 200);

      const m = obj(
        (await cp(sb, 'POST', '/members', { form: { email: `twice.${String(strictRepeats)}@example.com` } }))
          .json,
      );
      const path = `/courses/${st.coursepath.courses[0]!.id}/members/${m.id as number}/coursemember`;
      expect((await cp(sb, 'POST', path)).status).toBe(201);
      const second = await cp(sb, 'POST', path);
      expect(second.status).toBe(strictRepeats ? 409 : 200);
      expect(sb.ledger.entries().at(-1)!.outcome).toBe(strictRepeats ? 'conflict' : 'ok');
    }
  });
});

describe('countRefused over HTTP', () => {
  it('a client that keeps sending while refused stays refused, and is let in once it waits as told', async () => {
    const limit = { requests: 2, windowMs: 1000 };
    for (const countRefused of [false, true]) {
      const sb = await sandbox({ seed: 41, coassembleLimit: limit, countRefused });
      expect((await ca(sb, 'GET', '/users')).status).toBe(200);
      expect((await ca(sb, 'GET', '/users')).status).toBe(200);
      // Ignore Retry-After and send every 100 ms for a window and a half.
      const statuses: number[] = [];
      let retryAfter = 0;
      const started = Date.now();
      while (Date.now() - started < 1500) {
        const r = await ca(sb, 'GET', '/users');
        statuses.push(r.status);
        if (r.status === 429) retryAfter = Number(r.headers.get('retry-after'));
        await new Promise((res) => setTimeout(res, 100));
      }
      if (countRefused) {
        expect(new Set(statuses)).toEqual(new Set([429]));
        await new Promise((res) => setTimeout(res, retryAfter * 1000));
        expect((await ca(sb, 'GET', '/users')).status).toBe(200);
      } else {
        // By default the budget comes back as the first two age out, hammering or not.
        expect(statuses).toContain(200);
      }
    }
  });
});

describe('npm run sandbox -- --help', () => {
  it('lists both options', () => {
    const r = spawnSync(
      process.execPath,
      ['node_modules/tsx/dist/cli.mjs', 'src-main/sandbox/cli.ts', '--help'],
      { encoding: 'utf8' },
    );
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/--strict-repeats/);
    expect(r.stdout).toMatch(/--count-refused/);
  });
});
