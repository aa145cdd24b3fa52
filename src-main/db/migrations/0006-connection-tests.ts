// Each connection keeps the result of its last "Test" (issue 14): ok, the HTTP status (null when nothing
// answered), the message the admin read, and when. The Map and Run screens flag a connection whose last
// test failed. Never a secret: the message is built from our words and the LMS's answer, masked.
export const up = `
ALTER TABLE connections ADD COLUMN last_test_ok INTEGER;
ALTER TABLE connections ADD COLUMN last_test_status INTEGER;
ALTER TABLE connections ADD COLUMN last_test_message TEXT;
ALTER TABLE connections ADD COLUMN last_test_at INTEGER;
`;
