// "What is previewed is what is sent, byte for byte": for random rows, the request preview (main's
// requests.preview) equals the request the runner puts on the wire, apart from the Authorization value,
// which the preview redacts and the runner signs at send time. The runner's HTTP is wrapped, not
// replaced: every request still goes to the real sandbox; the wrapper only records the exact bytes.
import fc from 'fast-check';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Mapping } from '../../../src-shared/mapping/types';
import { createServices, SANDBOX_COASSEMBLE_ID, SANDBOX_COURSEPATH_ID, type Services } from '../../../src-main/services';
import { sendHttp, type HttpRequest } from '../../../src-main/services/http';
import { callOk } from '../../helpers/callOk';
import { seedDataset } from '../../helpers/seedDataset';
import { tempDir } from '../../helpers/tempDir';

const sent: HttpRequest[] = [];
let services: Services;
let dir: ReturnType<typeof tempDir>;

beforeAll(async () => {
  dir = tempDir();
  services = await createServices({
    dataDir: dir.path,
    sandbox: { seed: 11, coassembleLimit: null },
    send: (req) => {
      // The rows' writes; the reads a job makes beside them (the state before each write, for undo) are not previewed.
      if (req.method !== 'GET') sent.push(req);
      return sendHttp(req);
    },
  });
});
afterAll(async () => {
  await services.close();
  dir.remove();
});

const cell = fc.string({ unit: 'binary', maxLength: 40 });
// A cell without control characters (C0 but tab, LF and CR; DEL; C1), which are refused (fieldChecks.ts).
const text = cell.filter((s) => !/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]/.test(s));

async function previewAndRun(connectionId: string, templateId: string, mapping: Mapping, columns: string[], rows: string[][]) {
  const datasetId = seedDataset(services.db, columns, rows);
  const spec = { datasetId, connectionId, templateId, mapping };
  const previews = await callOk(services, 'requests.preview', { ...spec, offset: 0, limit: 1000 });
  sent.length = 0;
  // About preview = sent, not about safety: every row goes (random cells repeat keys across runs), and a
  // destructive template gets its phrase.
  const choices = { resend: true, allowDuplicates: true };
  const { confirmation } = await callOk(services, 'jobs.preflight', { ...spec, ...choices });
  const job = await callOk(services, 'jobs.create', {
    ...spec,
    // No rolling window: the sandbox has none here, and Coassemble's default 100 a minute would hold the runs.
    options: { concurrency: 1, ratePerSecond: 1000, rateLimit: null, ...choices, ...(confirmation ? { confirm: confirmation } : {}) },
  });
  await callOk(services, 'jobs.start', { jobId: job.id });
  await services.runner.whenSettled(job.id);
  return previews;
}

describe('preview equals what the runner sends', () => {
  it('for random Coassemble user rows (JSON bodies, path parameters)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(cell, cell, cell), { minLength: 1, maxLength: 5 }), async (rows) => {
        const withIds = rows.map(([name, team], i) => [`user-${i}-${encodeURIComponent(rows[i]![2]).slice(0, 20)}`, name, team]);
        const previews = await previewAndRun(
          SANDBOX_COASSEMBLE_ID,
          'coassemble.users.upsert',
          {
            fields: {
              identifier: { kind: 'column', column: 'id' },
              name: { kind: 'column', column: 'name' },
              metadata: { kind: 'keyValue', entries: [{ key: 'team', column: 'team' }] },
            },
          },
          ['id', 'name', 'team'],
          withIds,
        );
        const buildable = previews.filter((p) => p.issues.every((i) => i.level !== 'error'));
        expect(sent).toHaveLength(buildable.length);
        sent.forEach((req, i) => {
          const p = buildable[i]!;
          expect(req.method).toBe(p.method);
          expect(req.url).toBe(p.url);
          expect(req.body).toBe(p.body);
          const { Authorization: _a, ...previewHeaders } = p.headers;
          const { Authorization: auth, ...sentHeaders } = req.headers;
          expect(sentHeaders).toEqual(previewHeaders);
          expect(auth).toMatch(/^COASSEMBLE:\d+:[a-f0-9]{64}$/);
        });
      }),
      { numRuns: 15 },
    );
  });

  it('for path values a URL parser would resolve (".", "..", %2e): refused, never sent elsewhere', async () => {
    const dotty = fc.constantFrom('.', '..', '%2e%2E', '.%2e', 'a..', '...');
    const id = fc.oneof(dotty, cell.map((c) => `u-${encodeURIComponent(c).slice(0, 20)}`));
    await fc.assert(
      fc.asyncProperty(fc.array(id, { minLength: 1, maxLength: 5 }), async (ids) => {
        const previews = await previewAndRun(
          SANDBOX_COASSEMBLE_ID,
          'coassemble.users.upsert',
          { fields: { identifier: { kind: 'column', column: 'id' }, name: { kind: 'constant', value: 'n' } } },
          ['id'],
          ids.map((i) => [i]),
        );
        previews.forEach((p, i) => {
          const dot = ['.', '..'].includes(ids[i]!.replace(/%2e/gi, '.'));
          expect(p.issues.some((x) => x.level === 'error' && /would change the request's path/.test(x.message)), ids[i]).toBe(dot);
        });
        const buildable = previews.filter((p) => p.issues.every((i) => i.level !== 'error'));
        // As a set, not in order: a row whose key is already on its way waits for that answer, so two rows
        // with one id ("...", "...", "u-") may go as the first, the third, then the second.
        expect(sent.map((r) => r.url).sort()).toEqual(buildable.map((p) => p.url).sort());
        // The address a request really goes to is the one shown: the URL parser leaves its path as built.
        for (const req of sent) expect(new URL(req.url).pathname).toBe(req.url.replace(/^[a-z]+:\/\/[^/]+/, '').split('?')[0]);
      }),
      { numRuns: 10 },
    );
  });

  it('for random Coursepath member rows (form bodies, a fresh JWT per request)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(cell, cell), { minLength: 1, maxLength: 5 }), async (rows) => {
        const stamp = Math.random().toString(36).slice(2, 8);
        const data = rows.map(([first, dept], i) => [`p${stamp}${i}@example.com`, first, dept]);
        const previews = await previewAndRun(
          SANDBOX_COURSEPATH_ID,
          'coursepath.members.create',
          {
            fields: {
              email: { kind: 'column', column: 'email' },
              name: { kind: 'template', template: '{first} x' },
              department: { kind: 'column', column: 'dept' },
            },
          },
          ['email', 'first', 'dept'],
          data,
        );
        // A cell with a control character is refused (fieldChecks.ts): not sent, as the preview says.
        const buildable = previews.filter((p) => p.issues.every((i) => i.level !== 'error'));
        expect(sent).toHaveLength(buildable.length);
        sent.forEach((req, i) => {
          expect(req.url).toBe(buildable[i]!.url);
          expect(req.body).toBe(buildable[i]!.body);
          expect(req.headers.Authorization).toMatch(/^Bearer eyJ/);
          expect(buildable[i]!.headers.Authorization).not.toMatch(/eyJ/);
        });
      }),
      { numRuns: 10 },
    );
  });
});

describe('preview equals sent with the new transforms and a lookup (issue 16)', () => {
  it('date format, regex replace, conditional and a course lookup, for random rows', async () => {
    await callOk(services, 'sync.start', { connectionIds: [SANDBOX_COURSEPATH_ID] });
    expect(await services.sync.whenDone(SANDBOX_COURSEPATH_ID)).toBe('completed');
    const titles = (services.db.prepare(`SELECT title FROM synced_courses WHERE connection_id = ?`).pluck().all(SANDBOX_COURSEPATH_ID) as string[])
      .filter((t, i, all) => all.indexOf(t) === i && all.lastIndexOf(t) === i); // titles two courses share are refused
    const mapping: Mapping = {
      fields: {
        courseId: {
          kind: 'column',
          column: 'course',
          transforms: [{ kind: 'lookup', entity: 'coursepath.course', from: 'title', connectionId: '' }],
        },
        email: { kind: 'column', column: 'email' },
        name: { kind: 'column', column: 'name', transforms: [{ kind: 'regexReplace', pattern: '\\s+', flags: 'g', replacement: ' ' }] },
        department: {
          kind: 'column',
          column: 'team',
          transforms: [{ kind: 'conditional', test: 'equals', value: 'x', then: 'Unassigned', otherwise: null }],
        },
        externalId: { kind: 'column', column: 'start', transforms: [{ kind: 'dateFormat', from: 'DD/MM/YYYY', to: 'YYYY-MM-DD' }] },
      },
    };
    const day = fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true });
    const ddmmyyyy = (d: Date) =>
      `${String(d.getUTCDate()).padStart(2, '0')}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/${d.getUTCFullYear()}`;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.constantFrom(...titles), text, fc.oneof(text, fc.constant('X')), day), { minLength: 1, maxLength: 4 }),
        async (rows) => {
          const stamp = Math.random().toString(36).slice(2, 8);
          const data = rows.map(([title, name, team, d], i) => [`t${stamp}${i}@example.com`, name, team, ` ${title.toUpperCase()} `, ddmmyyyy(d)]);
          const previews = await previewAndRun(SANDBOX_COURSEPATH_ID, 'coursepath.courses.createMember', mapping, ['email', 'name', 'team', 'course', 'start'], data);
          expect(previews.every((p) => p.issues.every((i) => i.level !== 'error'))).toBe(true);
          expect(sent).toHaveLength(previews.length);
          sent.forEach((req, i) => {
            expect(req.url).toBe(previews[i]!.url);
            expect(req.body).toBe(previews[i]!.body);
            expect(req.body).toContain(`externalId=${data[i]![4]!.split('/').reverse().join('-')}`);
          });
        },
      ),
      { numRuns: 5 },
    );
  });
});

describe('cells reach the request body unchanged', () => {
  it('leading zeros, 20-digit numbers, quotes, commas, newlines, non-Latin text, after a BOM', async () => {
    const cells = {
      id: '000123',
      big: '12345678901234567890',
      quote: 'She said "hi"',
      comma: 'Smith, Jr.',
      newline: 'line one\nline two',
      script: 'Zoë 李小龍 Ωμέγα',
    };
    const quote = (v: string) => `"${v.replace(/"/g, '""')}"`;
    const csv =
      '\uFEFF' + Object.keys(cells).join(',') + '\r\n' + Object.values(cells).map(quote).join(',') + '\r\n';
    const file = join(dir.path, 'tricky.csv');
    writeFileSync(file, csv, 'utf8');
    const dataset = await callOk(services, 'datasets.import', { source: { kind: 'path', path: file } });
    expect(dataset.columns).toEqual(Object.keys(cells)); // the BOM is not part of the first header
    const rows = await callOk(services, 'datasets.rows', { datasetId: dataset.id, offset: 0, limit: 10 });
    expect(rows.items[0]!.cells).toEqual(Object.values(cells));

    sent.length = 0;
    const mapping: Mapping = {
      fields: {
        identifier: { kind: 'column', column: 'id' },
        name: { kind: 'column', column: 'script' },
        metadata: {
          kind: 'keyValue',
          entries: Object.keys(cells).map((k) => ({ key: k, column: k })),
        },
      },
    };
    const spec = { datasetId: dataset.id, connectionId: SANDBOX_COASSEMBLE_ID, templateId: 'coassemble.users.upsert', mapping };
    const job = await callOk(services, 'jobs.create', {
      ...spec,
      // No rolling window, as in previewAndRun: the runs above filled Coassemble's 100 a minute on this
      // host (the sandbox keeps none here), and this test is about bytes, not pace.
      options: { ratePerSecond: 1000, rateLimit: null, resend: true, confirm: 'OVERWRITE 1 user on Sandbox · Coassemble' },
    });
    await callOk(services, 'jobs.start', { jobId: job.id });
    const done = await services.runner.whenSettled(job.id);
    expect(done.counts.succeeded).toBe(1);
    expect(sent[0]!.url).toMatch(/\/user\/000123$/);
    const body = JSON.parse(sent[0]!.body!) as { name: string; metadata: Record<string, string> };
    expect(body.name).toBe(cells.script);
    expect(body.metadata).toEqual(cells);
  });
});
