// Run's options as the admin set them (rate, requests in flight, attempts, breaker, canary, read-backs,
// dry run), kept with the desk: they lived in the window only, so a reload or a restart put the defaults
// back without a word. JSON of `RunOptionsForm` (src-shared/contract/dto/desk.ts); NULL until set.
export const up = `
ALTER TABLE desk_state ADD COLUMN run_options_json TEXT;
`;
