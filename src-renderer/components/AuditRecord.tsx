// A job's audit record (`jobs.audit`) in its header: one line an admin reads at a glance — the file and
// its SHA-256, who ran it where, the connection — and the whole record on demand. Never a secret: the
// record has no field for one.
import type { JobAuditDto } from '../../src-shared/contract/api';
import { describeMapping } from '../../src-shared/mapping/describeMapping';
import { describeOptions } from '../../src-shared/runner/describeOptions';
import { fmtInt, fmtTime } from './format';
import './undoAudit.css';

const bytes = (n: number | null) =>
  n === null ? 'size unknown' : n < 1024 ? `${n} B` : n < 1024 ** 2 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 ** 2).toFixed(1)} MB`;

const who = (a: { osUser: string; host: string }) => `${a.osUser} on ${a.host}`;

/** The record's exact JSON, one click away from its words (what the audit export holds). */
function ExactJson({ value }: { value: unknown }) {
  return (
    <details className="audit-exact">
      <summary>exact JSON</summary>
      <code className="audit-json">{JSON.stringify(value)}</code>
    </details>
  );
}

const ACTIONS: Record<JobAuditDto['runs'][number]['action'], string> = {
  start: 'started',
  resume: 'resumed',
  retryFailed: 'reran failed rows',
  resolveInDoubt: 'sent rows in doubt again',
};

export function AuditRecord({
  audit,
  onOpenJob,
  onExport,
  exporting,
}: {
  audit: JobAuditDto;
  onOpenJob: (jobId: string) => void;
  onExport: () => void;
  exporting: boolean;
}) {
  const s = audit.source;
  const c = audit.connection;
  const identity =
    c?.identity.api === 'coursepath'
      ? c.identity.email
      : c?.identity.scheme === 'workspace'
        ? `workspace ${c.identity.workspaceId}`
        : c
          ? `user ${c.identity.userId}`
          : '';
  const link = (id: string) => (
    <button key={id} type="button" className="link" onClick={() => onOpenJob(id)} data-testid={`audit-job-link-${id}`}>
      job {id.slice(0, 8)}
    </button>
  );
  return (
    <section className="audit-record" aria-label="On the record" data-testid="audit-record">
      <p className="audit-line">
        <strong>On the record:</strong> <span data-testid="audit-file">{s.fileName}</span> · {bytes(s.sizeBytes)} ·{' '}
        {s.sha256 ? (
          <span title={`SHA-256 ${s.sha256}`}>
            SHA-256 <code data-testid="audit-sha256">{s.sha256.slice(0, 12)}…</code>
          </span>
        ) : (
          'SHA-256 not recorded (imported before it was kept)'
        )}
        {audit.createdBy && (
          <>
            {' '}
            · made by <span data-testid="audit-by">{who(audit.createdBy)}</span> · Bulk Desk {audit.createdBy.appVersion}
          </>
        )}
        {audit.job.undoOf && <> · undoes {link(audit.job.undoOf)}</>}
        {audit.job.undoneBy.length > 0 && <> · undone by {audit.job.undoneBy.map(link)}</>}
      </p>
      <details className="audit-details">
        <summary>The whole record</summary>
        <table className="kv" data-testid="audit-table">
          <tbody>
            <tr>
              <th scope="row">File</th>
              <td>
                {s.fileName} ({fmtInt(s.rows)} rows, {bytes(s.sizeBytes)}
                {s.importedAt ? `, imported ${fmtTime(s.importedAt)}` : ''})
                {s.derivedFrom && <> — the rows that undo {link(s.derivedFrom.jobId)}</>}
              </td>
            </tr>
            <tr>
              <th scope="row">SHA-256</th>
              <td>
                <code className="audit-hash">{s.sha256 ?? 'not recorded'}</code>
              </td>
            </tr>
            <tr>
              <th scope="row">Made by</th>
              <td>
                {audit.createdBy
                  ? `${who(audit.createdBy)}, Bulk Desk ${audit.createdBy.appVersion}, ${fmtTime(audit.createdBy.at)}`
                  : 'not recorded (made before this was kept)'}
              </td>
            </tr>
            <tr>
              <th scope="row">Runs</th>
              <td>
                {audit.runs.length === 0
                  ? 'not started'
                  : audit.runs.map((r, i) => (
                      <div key={i}>
                        {ACTIONS[r.action]} by {who(r)}, Bulk Desk {r.appVersion}, {fmtTime(r.at)}
                      </div>
                    ))}
              </td>
            </tr>
            <tr>
              <th scope="row">Connection</th>
              <td>{c ? `${c.name} (${c.api}) · ${c.baseUrl} · acting as ${identity}${c.isSandbox ? ' · sandbox' : ''}` : 'no longer exists'}</td>
            </tr>
            <tr>
              <th scope="row">Template</th>
              <td>
                {audit.template ? (
                  <>
                    {audit.template.name} · <code>{`${audit.template.method} ${audit.template.path}`}</code>
                  </>
                ) : (
                  'unknown to this version'
                )}
              </td>
            </tr>
            <tr>
              <th scope="row">Started, ended</th>
              <td>
                {fmtTime(audit.job.startedAt)} → {fmtTime(audit.job.finishedAt)} ({audit.job.state})
              </td>
            </tr>
            <tr>
              <th scope="row">Counts</th>
              <td>
                {fmtInt(audit.job.counts.total)} rows: {fmtInt(audit.job.counts.succeeded)} succeeded,{' '}
                {fmtInt(audit.job.counts.failed)} failed, {fmtInt(audit.job.counts.skipped)} skipped,{' '}
                {fmtInt(audit.job.counts.in_doubt)} in doubt
              </td>
            </tr>
            <tr>
              <th scope="row">Plan</th>
              <td>{audit.plan === null ? 'none (made on Run)' : <code>{JSON.stringify(audit.plan)}</code>}</td>
            </tr>
            <tr>
              <th scope="row">Options</th>
              <td>
                <ul className="audit-lines" data-testid="audit-options">
                  {describeOptions(audit.options, c?.isSandbox ?? false).map((line) => (
                    <li key={line}>{line}</li>
                  ))}
                </ul>
                <ExactJson value={audit.options} />
              </td>
            </tr>
            <tr>
              <th scope="row">Mapping</th>
              <td>
                <ul className="audit-lines" data-testid="audit-mapping">
                  {describeMapping(audit.mapping).map((line) => (
                    <li key={line}>{line}</li>
                  ))}
                </ul>
                <ExactJson value={audit.mapping.fields} />
              </td>
            </tr>
          </tbody>
        </table>
        <p className="small muted">
          The audit export holds this record and every row with each request it made (Authorization redacted) and its
          outcome, as JSON Lines. From the command line: <code>bulk-desk jobs export {audit.job.id} --format audit</code>.
        </p>
      </details>
      <button type="button" className="audit-export" data-testid="export-audit" disabled={exporting} onClick={onExport}>
        {exporting ? 'Exporting…' : 'Audit export (JSON Lines)'}
      </button>
    </section>
  );
}
