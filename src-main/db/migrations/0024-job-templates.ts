// Migration 24. What a job sends, frozen when it is made: the template it resolved then (the whole Template, JSON) — for
// a recipe job one per step, in step order. A start, resume, rerun or resend of the job sends that, not
// what the catalog says after an upgrade changed the template (a path, a field, its danger), so a job
// sends the shape the admin previewed and confirmed (src-main/runner/jobTemplates.ts). Jobs made before
// keep NULL and resolve their template from the catalog as they always did.
export const up = `
ALTER TABLE jobs ADD COLUMN templates_json TEXT;
`;
