// The recipe being edited on Recipes and not saved yet, kept with the desk: it lived in the window only,
// so a reload, a restart or the window closed put the recipe back as it was, every change gone without a
// word. JSON of `RecipeDraft` (src-shared/contract/dto/desk.ts); NULL when there is none (saved, or another
// recipe opened).
export const up = `
ALTER TABLE desk_state ADD COLUMN recipe_draft_json TEXT;
`;
