// The admin's work in progress, in the database rather than the renderer's localStorage (issue 16): the
// browser UI gets a new origin, so a new localStorage, every time `npm run serve` starts, and the CLI
// cannot read localStorage at all.
//  - working_mappings: the mapping being edited, per dataset and template, with its transforms and lookups,
//    and the connection chosen with it; saved as it changes. Goes with its dataset.
//  - desk_state: one row: the import being worked on and the screen, so a restart opens them again.
//  - synced_programs: Coursepath programs, for program lookups (title → id). No public source documents a
//    programs list; a sync records it "not available" where the LMS answers 404.
export const up = `
CREATE TABLE working_mappings (
  dataset_id    TEXT NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  template_id   TEXT NOT NULL,
  connection_id TEXT,
  mapping_json  TEXT NOT NULL,
  updated_at    INTEGER NOT NULL,
  PRIMARY KEY (dataset_id, template_id)
) WITHOUT ROWID;
CREATE INDEX working_mappings_by_template ON working_mappings (template_id, updated_at);

CREATE TABLE desk_state (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  dataset_id TEXT REFERENCES datasets(id) ON DELETE SET NULL,
  screen     TEXT,
  updated_at INTEGER NOT NULL
);

CREATE TABLE synced_programs (
  connection_id TEXT NOT NULL,
  program_id    TEXT NOT NULL,
  title         TEXT NOT NULL,
  run_id        INTEGER NOT NULL,
  synced_at     INTEGER NOT NULL,
  PRIMARY KEY (connection_id, program_id)
) WITHOUT ROWID;
`;
