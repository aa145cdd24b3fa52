import { lastTestWarning } from '../../src-shared/connections/lastTestWarning';
import type { ConnectionDto } from '../../src-shared/contract/api';

/**
 * A small warning line for a connection whose last test failed (the Map and Run screens): its name, what
 * the LMS said, and a way to the Connections screen to fix it before anything is sent.
 */
export function ConnectionWarning({
  connection,
  onOpenConnections,
}: {
  connection: ConnectionDto;
  onOpenConnections: () => void;
}) {
  // The same line the CLI's `run` prints before sending.
  const warning = lastTestWarning(connection);
  if (!warning) return null;
  return (
    <p className="warn-text connection-warning" role="alert" data-testid="connection-warning">
      {warning}{' '}
      <button type="button" className="link" data-testid="connection-warning-open" onClick={onOpenConnections}>
        Open Connections
      </button>
    </p>
  );
}
