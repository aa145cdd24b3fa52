// Migration 35. What was sent to a connection since a plan was read (db/sentSince.ts: each plan fetch and
// `plans list` ask it) found the sends by reading every attempt in the folder, as nothing led to a send by
// its time. This index of the real sends (not a dry run's, a lookup's or a read-back's) by when they
// started makes it a lookup of the sends since then. An attempt's time only grows, so each new send is
// added at the index's end.
export const up = `
CREATE INDEX attempts_sends_by_time ON attempts (started_at) WHERE kind = 'send';
`;
