// Audit 13b, item 1: a job keeps the address and account (never the secret) it was made and confirmed
// for, so a resume refuses to send its rest once its connection has been pointed at another LMS
// (src-main/runner/jobTarget.ts). Older jobs never recorded it: they take their connection's target as
// it is now, the safe side (a connection edited before this migration cannot be told apart; one edited
// after it is refused). A job whose connection is gone keeps none: it cannot start anyway.
export const up = `
ALTER TABLE jobs ADD COLUMN target_json TEXT;
UPDATE jobs SET target_json = (
  SELECT json_object('baseUrl', c.base_url, 'identity', json(c.identity_json))
  FROM connections c WHERE c.id = jobs.connection_id
);
`;
