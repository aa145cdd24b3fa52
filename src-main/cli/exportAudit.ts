// `jobs export <job> --format audit`: one file an auditor can read on its own, streamed a page at a time.
//
//   JSON Lines (default; any --out but .zip): the job's record first (`"record":"job"`: file name, size
//   and SHA-256, who made and ran the job on which machine and app version, the connection without its
//   secret, template, mapping, options, plan, start, end, counts), then one `"record":"row"` line per row
//   with its cells, every request it made (prior reads, sends, read-backs, lookups; Authorization
//   redacted as stored) and its outcome, then `{"record":"end","rows":N}` so a cut file shows it is cut.
//   A request's `attempt` counts sends only (1 = the first send); a read's (or dry run's) is null.
//   --out FILE.zip: the same as job.json, rows.csv (one line per row) and requests.csv (one line per
//   exchange), for a spreadsheet. CSV cells are escaped against formulas like every export.
//
// Every value comes through the contract (jobs.audit, jobs.auditRows): the same the app shows.
import type { Writable } from 'node:stream';
import type { AuditRowDto, JobAuditDto } from '../../src-shared/contract/api';
import { csvLine, resultHeader, UTF8_BOM } from '../../src-shared/export/csv';
import { actor } from '../audit/jobAudit';
import type { Services } from '../services';
import { call, write } from './io';

const PAGE = 500;

export type AuditFormat = 'jsonl' | 'zip';

/** The job's record as exported: who exported it, and when, besides. */
async function header(s: Services, jobId: string): Promise<JobAuditDto & { exported: ReturnType<typeof actor> }> {
  const audit = await call(s, 'jobs.audit', { jobId });
  const { version } = await call(s, 'app.info', {});
  return { ...audit, exported: actor(version, Date.now()) };
}

async function* rows(s: Services, jobId: string): AsyncGenerator<AuditRowDto[]> {
  for (let after = 0; ; ) {
    const page = await call(s, 'jobs.auditRows', { jobId, afterRow: after, limit: PAGE });
    if (page.length) yield page;
    if (page.length < PAGE) return;
    after = page.at(-1)!.row;
  }
}

export async function exportAudit(s: Services, out: Writable, jobId: string, format: AuditFormat): Promise<{ rows: number }> {
  return format === 'zip' ? exportZip(s, out, jobId) : exportJsonl(s, out, jobId);
}

async function exportJsonl(s: Services, out: Writable, jobId: string): Promise<{ rows: number }> {
  await write(out, JSON.stringify(await header(s, jobId)) + '\n');
  let n = 0;
  for await (const page of rows(s, jobId)) {
    await write(out, page.map((r) => JSON.stringify(r) + '\n').join(''));
    n += page.length;
  }
  await write(out, JSON.stringify({ record: 'end', rows: n }) + '\n');
  return { rows: n };
}

const utf8 = (s: string) => new TextEncoder().encode(s);
const json = (v: unknown) => (v === null || v === undefined ? '' : JSON.stringify(v));
const time = (t: number | null) => (t === null ? '' : new Date(t).toISOString());

async function exportZip(s: Services, out: Writable, jobId: string): Promise<{ rows: number }> {
  // Loaded here, not at the top: the zip writer is not needed to start the CLI (`--help`).
  const { Zip, ZipDeflate } = await import('fflate');
  const head = await header(s, jobId);
  const columns = Object.keys((await call(s, 'jobs.auditRows', { jobId, afterRow: 0, limit: 1 }))[0]?.input ?? {});
  // fflate calls back synchronously as it compresses; the chunks are written (with backpressure) after
  // each push, so at most one page's worth is held.
  const chunks: Uint8Array[] = [];
  let failed: Error | null = null;
  const zip = new Zip((err, data) => {
    if (err) failed = err;
    else chunks.push(data);
  });
  const flush = async () => {
    if (failed) throw failed;
    for (const c of chunks.splice(0)) await write(out, c);
  };
  /** One entry written whole before the next begins (a zip stream holds later entries back otherwise). */
  const entry = async (name: string, fill: (push: (text: string) => Promise<void>) => Promise<void>) => {
    const file = new ZipDeflate(name, { level: 6 });
    zip.add(file);
    await fill(async (text) => {
      file.push(utf8(text));
      await flush();
    });
    file.push(new Uint8Array(0), true);
    await flush();
  };

  await entry('job.json', async (push) => push(JSON.stringify(head, null, 2) + '\n'));
  let n = 0;
  await entry('rows.csv', async (push) => {
    await push(
      UTF8_BOM +
        csvLine(
          resultHeader(columns, [
            'Row',
            'Key',
            'Outcome',
            'Skip reason',
            'Error',
            'Note',
            'Attempts',
            'Captured',
            'Method',
            'URL',
            'Request body',
            'HTTP status',
            'Response body',
          ]),
        ),
    );
    for await (const page of rows(s, jobId)) {
      let text = '';
      for (const r of page) {
        const send = r.requests.filter((q) => q.kind === 'send' || q.kind === 'dry_run').at(-1);
        text += csvLine([
          ...columns.map((c) => r.input[c] ?? ''),
          r.row,
          r.key,
          r.status,
          r.skipReason,
          r.error,
          r.note,
          r.attempts,
          json(r.captured),
          send?.method,
          send?.url,
          send?.requestBody,
          send?.responseStatus,
          send?.responseBody,
        ]);
      }
      n += page.length;
      await push(text);
    }
  });
  await entry('requests.csv', async (push) => {
    await push(
      UTF8_BOM +
        csvLine([
          'Row',
          'Attempt',
          'Kind',
          'Method',
          'URL',
          'Started at',
          'Duration (ms)',
          'Request headers',
          'Request body',
          'HTTP status',
          'Response body',
          'Error',
        ]),
    );
    for await (const page of rows(s, jobId)) {
      let text = '';
      for (const r of page)
        for (const q of r.requests)
          text += csvLine([
            r.row,
            q.attempt,
            q.kind,
            q.method,
            q.url,
            time(q.startedAt),
            q.durationMs,
            JSON.stringify(q.requestHeaders),
            q.requestBody,
            q.responseStatus,
            q.responseBody,
            q.error,
          ]);
      await push(text);
    }
  });
  zip.end();
  await flush();
  return { rows: n };
}
