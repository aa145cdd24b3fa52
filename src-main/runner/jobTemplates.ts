// What a job sends: the template it froze when it was made (migration 24), never the catalog's of the day —
// an upgrade that changes a catalog template (its path, a field, its danger) does not change what a job
// already previewed and confirmed sends on a resume, a rerun or a resend. A job made before migration 24
// has none frozen and resolves its template as it always did: from the catalog, or for the manual
// configuration from the mapping it kept and its file's columns. (A recipe job's: jobStepTemplates,
// ../recipes/recipePlan.ts.)
import { resolveTemplate } from '../../src-shared/connectors/catalog';
import type { Template } from '../../src-shared/connectors/types';
import type { JobRecord } from '../db/jobs';

/** A one-template job's template; undefined when an older job's is unknown to this version (or invalid). */
export function jobTemplate(job: JobRecord, columns: readonly string[]): Template | undefined {
  if (job.templates?.length && !job.recipe) return job.templates[0];
  return resolveTemplate(job.templateId, job.mapping, columns);
}
