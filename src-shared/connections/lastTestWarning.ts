// A connection whose last test failed, in one line: the Map and Run screens show it beside the connection
// (components/ConnectionWarning.tsx) and the CLI's `run` prints it with the plan, before anything is sent.
import type { ConnectionLastTest } from '../contract/dto/connections';

/** The warning, or null when the connection was not tested or its last test passed. */
export function lastTestWarning(connection: {
  name: string;
  lastTest: ConnectionLastTest | null;
}): string | null {
  const t = connection.lastTest;
  if (!t || t.ok) return null;
  return `! The last test of “${connection.name}” failed: ${t.message}`;
}
