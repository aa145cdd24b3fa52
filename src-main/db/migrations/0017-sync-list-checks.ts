// Issue 8: a list that changes while a sync pages through it. Neither API returns a total, so a row
// deleted before the page being read shifts the rest up and the next page skips one. After each page the
// sync reads the row just before it again and checks it is the one it saw (syncContext.ts syncList).
//  - last_key: the key of the last row of the last saved page, the row that check expects.
//  - check_at / check_key: a check not done yet (the sync stopped between saving a page and reading that
//    row), done first when the run resumes.
//  - restarts: how often this list was read again from the start because it changed.
//  - changed: it kept changing after the last restart allowed; it was read to its end but rows it did not
//    list are not pruned.
export const up = `
ALTER TABLE sync_cursors ADD COLUMN last_key TEXT;
ALTER TABLE sync_cursors ADD COLUMN check_at INTEGER;
ALTER TABLE sync_cursors ADD COLUMN check_key TEXT;
ALTER TABLE sync_cursors ADD COLUMN restarts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sync_cursors ADD COLUMN changed INTEGER NOT NULL DEFAULT 0 CHECK (changed IN (0, 1));
`;
