// Migration 27. The admin's choices on Reports, kept with the desk: the report open, the compliance courses
// ticked and their grouping, the cohort grouping, the "from" and "to" sync runs. They lived in the window
// only, so a reload or a restart put "Completion rate" back with nothing ticked. JSON of `ReportChoice`
// (src-shared/contract/dto/desk.ts); NULL until the admin chooses on Reports.
export const up = `
ALTER TABLE desk_state ADD COLUMN report_choice_json TEXT;
`;
