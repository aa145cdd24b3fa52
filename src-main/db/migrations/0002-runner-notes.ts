// The runner's second schema step.
//  - attempts.kind: 'send' (a real attempt), 'lookup' (a read that reconciled an in-doubt item) or
//    'dry_run' (the request built and checked, never sent); attempts.url: the URL of that exchange,
//    since a lookup's differs from the item's.
//  - job_items.note: what happened to a row besides its outcome, for the admin to read ("found by a
//    lookup after the app stopped", "dry run: not sent", "marked succeeded by the admin"). `error` stays
//    for what went wrong.
export const up = `
ALTER TABLE attempts ADD COLUMN kind TEXT NOT NULL DEFAULT 'send' CHECK (kind IN ('send', 'lookup', 'dry_run'));
ALTER TABLE attempts ADD COLUMN url TEXT;
ALTER TABLE job_items ADD COLUMN note TEXT;
`;
