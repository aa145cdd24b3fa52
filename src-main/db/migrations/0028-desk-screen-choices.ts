// Migration 28. The screens' choices kept with the desk: Import's separator and encoding for the next
// import, History's job open with its filter and search, what Recipes runs with (the recipe, connection,
// steps switched off, row shown, pinned concurrency) and Map's manual header or response-field rows half
// typed. They lived in the window only, so a reload or a restart put the defaults back without a word.
// JSON of `ScreenChoices` (src-shared/contract/dto/screenChoices.ts), a section per screen, each checked
// when read; NULL until a choice is made.
export const up = `
ALTER TABLE desk_state ADD COLUMN screen_choices_json TEXT;
`;
