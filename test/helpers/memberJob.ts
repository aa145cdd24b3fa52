// The runner tests' usual subject: "Coursepath: create member" over a file of users, mapped by email
// alone, on the built-in sandbox's Coursepath connection unless another is named.
import { SANDBOX_COURSEPATH_ID, type Services } from '../../src-main/services';
import type { JobOptions, JobSummary } from '../../src-shared/contract/api';
import type { Mapping } from '../../src-shared/mapping/types';
import { callOk } from './callOk';
import { seedDataset, userRows } from './seedDataset';

export const BY_EMAIL: Mapping = { fields: { email: { kind: 'column', column: 'email' } } };

/** What `jobs.preflight` and `jobs.create` take for a create-member run over `datasetId`. */
export const memberJobSpec = (datasetId: string, connectionId: string = SANDBOX_COURSEPATH_ID) => ({
  datasetId,
  connectionId,
  templateId: 'coursepath.members.create',
  mapping: BY_EMAIL,
});

/** `rows` users seeded (email, first_name, last_name) and a create-member job over them, not started. */
export async function createMemberJob(
  s: Services,
  rows: number,
  options: JobOptions = {},
): Promise<JobSummary> {
  const datasetId = seedDataset(s.db, ['email', 'first_name', 'last_name'], userRows(rows));
  return callOk(s, 'jobs.create', { ...memberJobSpec(datasetId), options });
}
