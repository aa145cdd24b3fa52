// Migration 26. What a plan previewed, frozen when it is made: its template and the template its run sends
// (the whole Templates, JSON; one when they are the same). Running the plan (or resuming its reading) uses
// those, not what the catalog says after an upgrade changed them, so its job sends the calls the plan
// showed (src-main/plan/planTemplates.ts). Plans made before keep NULL and use the catalog as they always did.
export const up = `
ALTER TABLE plans ADD COLUMN templates_json TEXT;
`;
