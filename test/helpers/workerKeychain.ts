// Vitest setup file of the integration project: its files run two at a time, and each test's services save
// the sandbox connections' secrets under fixed account names. Each worker keeps them under a keychain
// service of its own (`<service>-w<worker>`), so one file's cleanup never deletes or replaces another's
// secrets. Idempotent: a worker runs this before each of its files.
const base = (process.env.BULKDESK_KEYCHAIN_SERVICE_BASE ??=
  process.env.BULKDESK_KEYCHAIN_SERVICE ?? 'bulk-desk-test');
process.env.BULKDESK_KEYCHAIN_SERVICE = `${base}-w${process.env.VITEST_POOL_ID ?? '1'}`;
