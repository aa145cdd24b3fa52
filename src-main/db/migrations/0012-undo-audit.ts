// Undo and the audit record (issue 17, parts 2 and 3). Additive only: new nullable columns and an index.
//  - datasets.sha256, datasets.size_bytes: the imported file's SHA-256 (hex) and size in bytes, taken at
//    import (services/fileDigest.ts); NULL for a dataset imported before this version.
//  - datasets.source_json: where rows came from when not from a file the admin chose, e.g.
//    {"kind":"undo","jobId":…} for the derived rows of an undo job (then sha256/size are of those rows
//    written as CSV).
//  - jobs.undo_of: the job this one undoes (its compensating calls), or NULL.
//  - jobs.audit_json: what an auditor needs that a job row does not already hold — who made the job and
//    on which machine and app version, the connection as it was (never a secret), the plan it ran from,
//    and every start or resume with who did it. JSON, written by src-main/audit/ only.
export const up = `
ALTER TABLE datasets ADD COLUMN sha256 TEXT;
ALTER TABLE datasets ADD COLUMN size_bytes INTEGER;
ALTER TABLE datasets ADD COLUMN source_json TEXT;
ALTER TABLE jobs ADD COLUMN undo_of TEXT;
ALTER TABLE jobs ADD COLUMN audit_json TEXT;
CREATE INDEX jobs_by_undo_of ON jobs (undo_of) WHERE undo_of IS NOT NULL;
`;
