// The Map screen's request builder through dispatch (the entry point both transports use), against the
// real sandbox, the real keychain and a real SQLite file: one row's request with each field traced from its
// cell to the id a lookup found; a batched manual configuration's call; a cURL with a live signature only
// when acknowledged, only where the credential is short-lived, working, and never stored; an edited JSON
// test body that does not parse is not sent; the working mapping survives a restart and refuses a
// credential typed into a header.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SANDBOX_COASSEMBLE_ID, SANDBOX_COURSEPATH_ID } from '../../../src-main/services';
import type { Mapping } from '../../../src-shared/mapping/types';
import { callOk } from '../../helpers/callOk';
import { sandboxState } from '../../helpers/sandboxState';
import { seedDataset } from '../../helpers/seedDataset';
import { useTempServices } from '../../helpers/tempServices';

const createInCourse: Mapping = {
  fields: {
    courseId: {
      kind: 'column',
      column: 'Course',
      transforms: [{ kind: 'trim' }, { kind: 'lookup', entity: 'coursepath.course', from: 'title', connectionId: '' }],
    },
    email: { kind: 'column', column: 'Email' },
    name: { kind: 'column', column: 'Name' },
    department: {
      kind: 'column',
      column: 'Team',
      transforms: [{ kind: 'conditional', test: 'empty', value: '', then: 'Unassigned', otherwise: null }],
    },
  },
};

describe('the request builder', () => {
  const temp = useTempServices();

  it('explains a row: the cell, each transform and the id the lookup found; rows before and after', async () => {
    const s = await temp.open({ sandbox: { seed: 5 } });
    await callOk(s, 'sync.start', { connectionIds: [SANDBOX_COURSEPATH_ID] });
    expect(await s.sync.whenDone(SANDBOX_COURSEPATH_ID)).toBe('completed');
    const [c1] = (await sandboxState(s.sandbox!.url)).coursepath.courses;
    const datasetId = seedDataset(s.db, ['Email', 'Name', 'Course', 'Team'], [
      ['nguyen@example.com', "Nguyễn O'Brien", ` ${c1!.name} `, ''],
      ['ana@example.com', 'Ana', 'No such course', 'Sales'],
    ]);
    const spec = { datasetId, connectionId: SANDBOX_COURSEPATH_ID, templateId: 'coursepath.courses.createMember', mapping: createInCourse };

    const first = await callOk(s, 'requests.explain', spec); // no row: the first
    expect(first.request.rowNumber).toBe(2);
    expect(first.previousRow).toBeNull();
    expect(first.nextRow).toBe(3);
    expect(first.request.url).toBe(`${s.sandbox!.url}/api/v1/courses/${c1!.id}/members`);
    expect(first.request.headers.Authorization).toBe('Bearer <JWT signed at send time>');
    expect(first.request.body).toBe(`email=nguyen%40example.com&name=Nguy%E1%BB%85n+O%27Brien&department=Unassigned`);
    const course = first.fields.find((f) => f.key === 'courseId')!;
    expect(course.input).toBe(` ${c1!.name} `);
    expect(course.steps.map((x) => x.value)).toEqual([c1!.name, String(c1!.id)]);
    expect(course.steps[1]!.transform).toMatch(/^look up Coursepath course title → id \(the Sandbox · Coursepath catalog \(synced/);
    expect(first.fields.find((f) => f.key === 'department')).toMatchObject({ input: '', sent: 'Unassigned' });
    // The request the panel shows is the one preview shows (and the runner sends: previewEqualsSent).
    const [preview] = await callOk(s, 'requests.preview', { ...spec, offset: 0, limit: 1 });
    expect(first.request).toEqual(preview);

    const second = await callOk(s, 'requests.explain', { ...spec, rowNumber: 3 });
    expect(second.previousRow).toBe(2);
    expect(second.nextRow).toBeNull();
    expect(second.request.url).toBe('');
    expect(second.fields.find((f) => f.key === 'courseId')!.steps[1]!.error).toMatch(/"No such course" is not a course title/);
    const missing = await s.dispatch('requests.explain', { ...spec, rowNumber: 9 });
    const fileName = (await callOk(s, 'datasets.list', {}))[0]!.fileName;
    expect(!missing.ok && missing.error.message).toBe(`There is no row 9 in ${fileName}.`);
  });

  it('shows the batched call a row goes out in, as a run builds it', async () => {
    const s = await temp.open({ sandbox: { seed: 5 } });
    const datasetId = seedDataset(s.db, ['Course ID', 'Title'], [
      ['101', 'A'],
      ['102', 'B'],
      ['101', 'C'],
      ['101', 'D'],
    ]);
    const mapping: Mapping = {
      fields: {},
      manual: {
        method: 'POST',
        url: '/api/v1/headless/course/{Course ID}/publish',
        exclude: ['Course ID'],
        batch: { size: 2, grouping: { kind: 'byColumn', column: 'Course ID' } },
      },
    };
    const spec = { datasetId, connectionId: SANDBOX_COASSEMBLE_ID, templateId: 'coassemble.manual', mapping };
    const r = await callOk(s, 'requests.explain', { ...spec, rowNumber: 4 });
    expect(r.batch?.rowNumbers).toEqual([2, 4]);
    expect(r.batch?.request.body).toBe('[{"Title":"A"},{"Title":"C"}]');
    expect((await callOk(s, 'requests.explain', { ...spec, rowNumber: 5 })).batch?.rowNumbers).toEqual([5]);
  });

  it("a batched call's warnings name each row by its spreadsheet row, not its place in the batch", async () => {
    const s = await temp.open({ sandbox: { seed: 5 } });
    const datasetId = seedDataset(s.db, ['Course ID', 'Score'], [
      ['101', '5'],
      ['101', '  '],
      ['101', '7'],
    ]);
    const mapping: Mapping = {
      fields: {},
      manual: {
        method: 'POST',
        url: '/api/v1/headless/course/{Course ID}/publish',
        exclude: ['Course ID'],
        types: { Score: 'integer' },
        batch: { size: 3, grouping: { kind: 'sequential' } },
      },
    };
    const spec = { datasetId, connectionId: SANDBOX_COASSEMBLE_ID, templateId: 'coassemble.manual', mapping };
    const r = await callOk(s, 'requests.explain', { ...spec, rowNumber: 4 });
    expect(r.batch?.rowNumbers).toEqual([2, 3, 4]);
    expect(r.batch?.request.issues.map((i) => i.message)).toEqual(['Row 3: Score: only whitespace, treated as empty']);
  });

  it('a live cURL: acknowledged, Coursepath only, working, and stored nowhere', async () => {
    const s = await temp.open({ sandbox: { seed: 5 } });
    const datasetId = seedDataset(s.db, ['email'], [['live.curl@example.com']]);
    const spec = {
      datasetId,
      connectionId: SANDBOX_COURSEPATH_ID,
      templateId: 'coursepath.members.create',
      mapping: { fields: { email: { kind: 'column' as const, column: 'email' } } },
      rowNumber: 2,
    };
    const unasked = await s.dispatch('requests.liveCurl', spec as never);
    expect(!unasked.ok && unasked.error.code).toBe('INVALID_INPUT');

    const coassemble = await s.dispatch('requests.liveCurl', {
      ...spec,
      connectionId: SANDBOX_COASSEMBLE_ID,
      templateId: 'coassemble.users.upsert',
      mapping: { fields: { identifier: { kind: 'column', column: 'email' } } },
      acknowledge: true,
    });
    expect(!coassemble.ok && coassemble.error.message).toMatch(/would hold its Coassemble API key itself, which does not expire/);

    const before = s.sandbox!.ledger.entries().length;
    const { command, validForSeconds } = await callOk(s, 'requests.liveCurl', { ...spec, acknowledge: true });
    expect(validForSeconds).toBe(120);
    expect(command).toMatch(/^# CONTAINS A WORKING CREDENTIAL/);
    expect(s.sandbox!.ledger.entries()).toHaveLength(before); // building it sends nothing
    const auth = /--header 'Authorization: (Bearer [^']+)'/.exec(command)![1]!;
    const body = /--data-raw '([^']*)'/.exec(command)![1]!;
    const url = /curl --request POST '([^']+)'/.exec(command)![1]!;
    expect(body).toBe('email=live.curl%40example.com');

    // Nothing of it reached the data folder (database, WAL, logs): not the token, not its signature.
    const token = auth.slice('Bearer '.length);
    for (const f of readdirSync(temp.dir, { recursive: true, withFileTypes: true }))
      if (f.isFile()) {
        const bytes = readFileSync(join(f.parentPath, f.name));
        expect(bytes.includes(token.split('.')[2]!), `${f.name} holds the live signature`).toBe(false);
      }

    // It works: the academy accepts it once.
    const res = await fetch(url, {
      method: 'POST',
      headers: { Authorization: auth, 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body,
    });
    expect(res.status).toBe(201);
  });

  it('an edited JSON test body that does not parse is not sent, and says where it breaks', async () => {
    const s = await temp.open({ sandbox: { seed: 5 } });
    const datasetId = seedDataset(s.db, ['id', 'name'], [['u-1', 'Ann']]);
    const spec = {
      datasetId,
      connectionId: SANDBOX_COASSEMBLE_ID,
      templateId: 'coassemble.users.upsert',
      mapping: { fields: { identifier: { kind: 'column' as const, column: 'id' }, name: { kind: 'column' as const, column: 'name' } } },
      rowNumber: 2,
    };
    const before = s.sandbox!.ledger.entries().length;
    const r = await s.dispatch('requests.testSend', { ...spec, bodyOverride: '{\n  "name": "Ann",\n}' });
    expect(!r.ok && r.error).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/^The edited body of row 2 was not sent\. Not valid JSON: .*line 3/) });
    expect(s.sandbox!.ledger.entries()).toHaveLength(before);
    // (An upsert replaces metadata: destructive, so a test send needs its phrase.)
    const confirm = 'OVERWRITE 1 user on Sandbox · Coassemble';
    const ok = await callOk(s, 'requests.testSend', { ...spec, bodyOverride: '{"name":"Ann B"}', confirm });
    expect(ok.status).toBe(200);
  });

  it('keeps the working mapping in SQLite through a restart, and refuses a credential typed into a header', async () => {
    let s = await temp.open({ sandbox: false });
    const datasetId = seedDataset(s.db, ['Email', 'Name', 'Course', 'Team'], [['a@example.com', 'A', 'X', '']]);
    const saved = await callOk(s, 'mappings.saveWorking', {
      datasetId,
      templateId: 'coursepath.courses.createMember',
      connectionId: null,
      mapping: createInCourse,
    });
    await callOk(s, 'desk.save', { datasetId, screen: 'map' });
    // Run's options as the admin set them (a decimal comma as typed), kept with the desk.
    const runOptions = {
      ratePerSecond: '0,5',
      concurrency: 2,
      maxAttempts: 3,
      dryRun: false,
      breaker: { failures: 5, window: 20, off: false },
      canary: '10',
      readBack: 'all' as const,
    };
    await callOk(s, 'desk.save', { runOptions });
    const tooMany = await s.dispatch('desk.save', { runOptions: { ...runOptions, maxAttempts: 50 } });
    expect(!tooMany.ok && tooMany.error.message).toMatch(/runOptions\.maxAttempts/);

    s = await temp.reopen({ sandbox: false });
    expect(await callOk(s, 'mappings.working', { datasetId })).toEqual(saved);
    expect(await callOk(s, 'desk.get', {})).toMatchObject({ datasetId, screen: 'map', runOptions });

    const refused = await s.dispatch('mappings.saveWorking', {
      datasetId,
      templateId: 'coassemble.manual',
      connectionId: null,
      mapping: { fields: {}, manual: { method: 'POST', url: '/api/v1/headless/x', headers: { 'X-Api-Key': 'k-123-secret' } } },
    });
    expect(!refused.ok && refused.error.message).toMatch(/^Not saved: X-Api-Key looks like a credential/);
    expect(s.db.prepare(`SELECT COUNT(*) FROM working_mappings WHERE mapping_json LIKE '%k-123-secret%'`).pluck().get()).toBe(0);
    const unknown = await s.dispatch('mappings.saveWorking', { datasetId: 'gone', templateId: 'coursepath.members.create', connectionId: null, mapping: { fields: {} } });
    expect(!unknown.ok && unknown.error.message).toBe('That file is no longer imported.');
  });
});
