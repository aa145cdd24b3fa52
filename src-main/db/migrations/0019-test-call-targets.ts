// A test send keeps the address and account it went to, as a job does (migration 18): "already sent"
// follows where a row went, not which connection sent it (src-main/db/sentKeys.ts), and a connection
// pointed elsewhere since would otherwise carry its test sends with it. Older test sends take their
// connection's target as it is now (they cannot be told apart; one whose connection is gone keeps none).
export const up = `
ALTER TABLE test_calls ADD COLUMN target_json TEXT;
UPDATE test_calls SET target_json = (
  SELECT json_object('baseUrl', c.base_url, 'identity', json(c.identity_json))
  FROM connections c WHERE c.id = test_calls.connection_id
);
-- Found by key first, then by target (test_calls_by_key leads with the connection, no longer asked).
CREATE INDEX test_calls_by_row_key ON test_calls (row_key, template_id) WHERE row_key IS NOT NULL;
`;
