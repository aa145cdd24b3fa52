// datasets.import through dispatch: separator/encoding overrides, and `returnEarly` (the first rows of a
// big file answer at once; `dataset:progress` events follow to `ready`, or to `failed` naming the row).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DatasetProgress, EventMessage } from '../../../src-shared/contract/api';
import { SANDBOX_COURSEPATH_ID, type Services } from '../../../src-main/services';
import { callOk } from '../../helpers/callOk';
import { useTempServices } from '../../helpers/tempServices';

function bigCsv(path: string, rows: number, badAt?: number): void {
  const out = ['email,first_name,last_name'];
  for (let i = 0; i < rows; i++) {
    const rowNumber = i + 2;
    out.push(rowNumber === badAt ? `broken${i}@example.com,A,B,extra` : `learner${i}@example.com,First${i},Last${i}`);
  }
  writeFileSync(path, out.join('\n') + '\n');
}

describe('datasets.import', () => {
  const temp = useTempServices();

  async function open(): Promise<{ s: Services; events: DatasetProgress[] }> {
    const services = await temp.open({ sandbox: false });
    const events: DatasetProgress[] = [];
    services.events.subscribe((m: EventMessage) => {
      if (m.event === 'dataset:progress') events.push(m.payload);
    });
    return { s: services, events };
  }

  const settled = async (events: DatasetProgress[]) => {
    for (let i = 0; i < 2000 && !events.some((e) => e.state !== 'importing'); i++) await new Promise((r) => setTimeout(r, 10));
    return events.at(-1)!;
  };

  it('returnEarly: answers with the first rows stored, rows readable at once, then ready with every row', async () => {
    const { s, events } = await open();
    const file = join(temp.dir, 'big.csv');
    bigCsv(file, 300_000);
    const early = await callOk(s, 'datasets.import', { source: { kind: 'path', path: file }, returnEarly: true });
    expect(early.state).toBe('importing');
    expect(early.columns).toEqual(['email', 'first_name', 'last_name']);
    expect(early.rowCount).toBeGreaterThan(0);
    // 'importing' is what says it answered early; on a busy machine the answer can be read after the
    // last batch was stored but before the import was marked ready, so every row may already be counted.
    expect(early.rowCount).toBeLessThanOrEqual(300_000);
    const first = await callOk(s, 'datasets.rows', { datasetId: early.id, offset: 0, limit: 2 });
    expect(first.items[0]).toEqual({ rowNumber: 2, cells: ['learner0@example.com', 'First0', 'Last0'] });
    // Not yet usable for a job: a half-stored file would snapshot half its rows.
    const job = await s.dispatch('jobs.create', {
      datasetId: early.id,
      connectionId: SANDBOX_COURSEPATH_ID,
      templateId: 'coursepath.members.create',
      mapping: { fields: { email: { kind: 'column', column: 'email' } } },
    });
    expect(job.ok).toBe(false);

    const last = await settled(events);
    expect(last).toMatchObject({ datasetId: early.id, state: 'ready', rowCount: 300_000, error: null });
    expect(last.bytesRead).toBe(last.totalBytes);
    const counts = events.map((e) => e.rowCount);
    expect([...counts].sort((a, b) => a - b)).toEqual(counts); // progress only grows
    const ready = (await callOk(s, 'datasets.list', {})).find((d) => d.id === early.id)!;
    expect(ready).toMatchObject({ state: 'ready', rowCount: 300_000, delimiter: ',', encoding: 'utf-8' });
  });

  it('returnEarly: a row that breaks the file later ends in a failed event naming it, and nothing is kept', async () => {
    const { s, events } = await open();
    const file = join(temp.dir, 'bad-late.csv');
    // Far enough in that the import answers (after its first rows) before it gets there.
    bigCsv(file, 900_000, 850_000);
    const early = await callOk(s, 'datasets.import', { source: { kind: 'path', path: file }, returnEarly: true });
    expect(early.state).toBe('importing');
    const last = await settled(events);
    expect(last.state).toBe('failed');
    expect(last.error?.message).toMatch(/bad-late\.csv: Row 850000 has 4 cells/);
    expect(await callOk(s, 'datasets.list', {})).toEqual([]);
    expect((await s.dispatch('datasets.rows', { datasetId: early.id, offset: 0, limit: 1 })).ok).toBe(false);
  });

  it('a small file answers whole even with returnEarly (no events to wait for)', async () => {
    const { s, events } = await open();
    const file = join(temp.dir, 'small.csv');
    bigCsv(file, 10);
    const d = await callOk(s, 'datasets.import', { source: { kind: 'path', path: file }, returnEarly: true });
    expect(d).toMatchObject({ state: 'ready', rowCount: 10 });
    expect(events).toEqual([]);
  });

  it('separator and encoding overrides win over detection', async () => {
    const { s } = await open();
    const file = join(temp.dir, 'latin1.csv');
    // Latin-1 bytes that also happen to be valid as… nothing else: é = 0xE9.
    writeFileSync(file, Buffer.from('name|city\nRen\xe9|Li\xe8ge\n', 'latin1'));
    const detected = await callOk(s, 'datasets.import', { source: { kind: 'path', path: file } });
    expect(detected.delimiter).toBe('|');
    const asComma = await callOk(s, 'datasets.import', { source: { kind: 'path', path: file }, delimiter: ',' });
    expect(asComma.columns).toEqual(['name|city']);
    const forced = await callOk(s, 'datasets.import', { source: { kind: 'path', path: file }, encoding: 'latin1' });
    // The label is read as WHATWG reads it ("latin1" is windows-1252) and the dataset names the encoding.
    expect(forced).toMatchObject({ encoding: 'windows-1252', encodingConfidence: null });
    expect(detected).toMatchObject({ encoding: 'windows-1252' });
    expect(detected.encodingConfidence).toBeGreaterThan(0);
    expect(detected.warnings).toEqual([expect.stringMatching(/^The file is not UTF-8: it was read as Windows-1252/)]);
    const rows = await callOk(s, 'datasets.rows', { datasetId: forced.id, offset: 0, limit: 1 });
    expect(rows.items[0]!.cells).toEqual(['René', 'Liège']);
    const bad = await s.dispatch('datasets.import', { source: { kind: 'path', path: file }, delimiter: '"' });
    expect(!bad.ok && bad.error.message).toMatch(/delimiter/);
    const unknown = await s.dispatch('datasets.import', { source: { kind: 'path', path: file }, encoding: 'klingon' });
    expect(!unknown.ok && unknown.error).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/^Unknown encoding "klingon"\. Use a name such as utf-8/) });
  });
});
