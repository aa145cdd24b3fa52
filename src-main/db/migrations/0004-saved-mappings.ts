// Saved mappings ("presets"): a named mapping per template, in the database with the rest of the admin's
// work instead of the renderer's localStorage (which Electron and the browser page do not share, and which
// the CLI cannot read). One name per template; saving the same name again replaces it.
export const up = `
CREATE TABLE saved_mappings (
  id           INTEGER PRIMARY KEY,
  name         TEXT NOT NULL CHECK (length(trim(name)) > 0),
  template_id  TEXT NOT NULL,
  mapping_json TEXT NOT NULL,
  saved_at     INTEGER NOT NULL,
  UNIQUE (template_id, name)
);
`;
