// Running a plan makes an ordinary job (History shows it; the destructive phrase, the canary, the
// breakers and in-doubt settling all apply) whose rows are the plan's: creates and updates pending, every
// other row skipped with the plan's reason. Which call each row makes is fixed by the plan:
//  - a create-or-update (what a plan of "create member" runs as) carries the member ids the plan found,
//    as a lookup table bound into the job's mapping: a row whose email the plan found updates that member
//    (POST /members/{id}), any other creates (POST /members). The job snapshots its mapping, so a resume
//    or a rerun sends the same calls;
//  - a row edited since the plan (its request differs from the one planned) is not sent on the old
//    verdict: it is skipped, saying so, and a new plan sends it.
import { noSecretStored } from '../../src-shared/connections/noSecret';
import { randomUUID } from 'node:crypto';
import type { JobOptions } from '../../src-shared/contract/api';
import { sameTarget, targetLabel, targetOf } from '../../src-shared/connections/connectionTarget';
import { AppError } from '../../src-shared/contract/errors';
import { rowKey } from '../../src-shared/connectors/rowKeys';
import type { Template } from '../../src-shared/connectors/types';
import { buildRequest } from '../../src-shared/mapping/buildRequest';
import { lookupKey } from '../../src-shared/mapping/transforms';
import type { FieldSource, Mapping } from '../../src-shared/mapping/types';
import { diffText } from '../../src-shared/plan/diffWords';
import type { PlanSource } from '../../src-shared/plan/types';
import { SENT_CLASSES } from '../../src-shared/plan/types';
import { getConnection, type ConnectionRecord } from '../db/connections';
import { getDataset } from '../db/datasets';
import { createJob, type NewItem } from '../db/jobs';
import type { Db } from '../db/openDb';
import { planRowsAfter, setPlanJob, type PlanRecord, type StoredPlanRow } from '../db/plans';
import { planRows, type RowOfPlan } from './planRows';
import { planRunTemplateId, planTemplate } from './planTemplates';
import { formatDateTime } from '../../src-shared/util/dates';

const PAGE = 1000;

/** The plan's rows beside the dataset's rows as they build now, in row order. */
function* zipped(db: Db, plan: PlanRecord, columns: readonly string[], template: Template) {
  const now = planRows(
    db,
    plan.datasetId,
    columns,
    template,
    plan.mapping,
    plan.options.allowDuplicates === true,
  );
  let current = now.next();
  for (let after = 0; ;) {
    const page = planRowsAfter(db, plan.id, after, PAGE);
    for (const stored of page) {
      while (!current.done && rowNumberOf(current.value) < stored.rowNumber) current = now.next();
      const built = !current.done && rowNumberOf(current.value) === stored.rowNumber ? current.value : null;
      yield { stored, built };
    }
    if (page.length < PAGE) return;
    after = page.at(-1)!.rowNumber;
  }
}

const rowNumberOf = (r: RowOfPlan) => (r.kind === 'row' ? r.input.rowNumber : r.rowNumber);


/** The member ids a create-or-update run needs: the email's value as the lookup compares it → member id. */
function memberIdSource(mapping: Mapping, entries: Record<string, string>, plan: PlanRecord): FieldSource {
  const email = mapping.fields.email;
  const lookup = {
    kind: 'lookup' as const,
    entity: 'coursepath.member' as const,
    from: 'email' as const,
    connectionId: plan.connectionId,
    onMissing: 'empty' as const,
    resolved: {
      entries,
      ambiguous: {},
      catalog: `the plan of ${formatDateTime(plan.finishedAt ?? plan.createdAt)}`,
    },
  };
  if (email?.kind === 'column' || email?.kind === 'template')
    return { ...email, transforms: [...(email.transforms ?? []), lookup] };
  if (email?.kind === 'constant') return { kind: 'constant', value: entries[lookupKey(email.value)] ?? '' };
  return { kind: 'none' };
}

export function jobFromPlan(
  db: Db,
  plan: PlanRecord,
  options: JobOptions,
  now: number,
  hasSecret: (connectionId: string) => boolean,
): string {
  if (plan.state !== 'ready') {
    throw new AppError(
      'CONFLICT',
      plan.state === 'reading'
        ? 'This plan is still reading the LMS; run it once it is ready.'
        : plan.state === 'interrupted'
          ? 'This plan was stopped before it finished reading: resume it (bulk-desk plan --resume) or plan again.'
          : `This plan failed (${plan.error ?? 'see the log'}): plan again.`,
    );
  }
  if (plan.jobId)
    throw new AppError(
      'CONFLICT',
      `This plan was already run as job ${plan.jobId}. Plan again to see what is left to send: the academy has changed since.`,
    );
  const dataset = getDataset(db, plan.datasetId);
  if (!dataset) throw new AppError('NOT_FOUND', `The dataset "${plan.fileName}" no longer exists.`);
  const connection = getConnection(db, plan.connectionId);
  if (!connection)
    throw new AppError('NOT_FOUND', `The connection "${plan.connectionName}" no longer exists.`);
  checkPlanTarget(plan, connection);
  // What the plan previewed, frozen when it was made (planTemplates.ts): not the catalog of the day.
  const template = planTemplate(plan, plan.templateId);
  const runTemplateId = planRunTemplateId(plan);
  const runTemplate = planTemplate(plan, runTemplateId);
  if (!template || !runTemplate)
    throw new AppError('NOT_FOUND', `Template ${runTemplateId} is not known to this version of Bulk Desk.`);
  if (!options.dryRun && !hasSecret(connection.id))
    throw new AppError(
      'CREDENTIALS',
      noSecretStored(connection),
    );

  // The run's mapping: the plan's, and for a create-or-update the member ids it found.
  let mapping = plan.mapping;
  if (runTemplate.planOnly) {
    const entries: Record<string, string> = {};
    for (const { stored, built } of zipped(db, plan, dataset.columns, template)) {
      const id = stored.resolved?.memberId;
      const email = built?.kind === 'row' ? built.input.values.get('email') : undefined;
      if (id && typeof email === 'string') entries[lookupKey(email)] = id;
    }
    mapping = {
      ...plan.mapping,
      fields: { ...plan.mapping.fields, memberId: memberIdSource(plan.mapping, entries, plan) },
    };
  }

  const when = formatDateTime(plan.finishedAt ?? plan.createdAt);
  const items = function* (): Generator<NewItem> {
    for (const { stored, built } of zipped(db, plan, dataset.columns, template)) {
      yield itemOf(stored, built, runTemplate, mapping, when, plan.source);
    }
  };
  const id = randomUUID();
  createJob(
    db,
    {
      id,
      templateId: runTemplate.id,
      templateName: runTemplate.name,
      connectionId: connection.id,
      connectionName: connection.name,
      datasetId: dataset.id,
      fileName: dataset.fileName,
      mapping,
      options,
      createdAt: now,
      templates: [runTemplate],
    },
    items(),
  );
  // A dry run sends nothing: the plan can still be run for real.
  if (!options.dryRun) setPlanJob(db, plan.id, id);
  return id;
}

function itemOf(
  stored: StoredPlanRow,
  built: RowOfPlan | null,
  runTemplate: Template,
  mapping: Mapping,
  when: string,
  source: PlanSource,
): NewItem {
  const skip = (
    reason: NewItem['skipReason'],
    note: string | null,
    error: string | null = null,
  ): NewItem => ({
    rowNumber: stored.rowNumber,
    key: stored.key,
    status: 'skipped',
    skipReason: reason,
    note,
    error,
  });
  if (stored.class === 'invalid') return skip('invalid', null, stored.note);
  if (stored.class === 'duplicate')
    return skip('duplicate', `Not sent: ${stored.note ?? 'a duplicate of an earlier row.'}`);
  if (!SENT_CLASSES.has(stored.class))
    return skip(
      'plan',
      `Not sent: the plan of ${when} found it ${stored.class}${stored.note ? ` — ${stored.note}` : '.'}`,
    );
  const changed = `Row ${stored.rowNumber} changed since the plan of ${when} was made: plan again to send it.`;
  if (!built || built.kind !== 'row' || built.fingerprint !== stored.fingerprint)
    return skip('invalid', null, changed);
  const run = buildRequest(runTemplate, mapping, built.row);
  if (!run.request || `${run.request.method} ${run.request.pathAndQuery}` !== stored.call)
    return skip('invalid', null, changed);
  return {
    rowNumber: stored.rowNumber,
    key: rowKey(runTemplate, run.values, run.request),
    status: 'pending',
    skipReason: null,
    note: `Plan: ${stored.class}${stored.diff.length ? ` — ${diffText(stored.diff, source)}` : ''}`,
    error: null,
  };
}

/**
 * Refuses to run (or resume reading) a plan once its connection points at another LMS than the one it
 * read: its creates, updates and member ids are verdicts about that LMS, and its phrase names only the
 * connection. The built-in sandbox is registered again at each launch on a new port: the same LMS.
 */
export function checkPlanTarget(plan: PlanRecord, connection: ConnectionRecord): void {
  const was = plan.options.target;
  if (!was || connection.isSandbox) return;
  const now = targetOf(connection);
  if (sameTarget(was, now)) return;
  throw new AppError(
    'CONFLICT',
    `The connection "${connection.name}" now points at ${targetLabel(now)}, but this plan read ${targetLabel(was)}: ` +
      `what it would create and update is about that LMS, not this one. Nothing was sent. Plan again with this ` +
      `connection to see what the file would do here, or point the connection back at ${targetLabel(was)}.`,
    { field: 'connection' },
  );
}
