// What a send, plan or sync says when the connection has no stored secret (e.g. removed when its address
// changed). The app shows it and so does the CLI: the fix is named for both, the app's way first and the
// CLI's command in the parenthesis, to which the CLI adds `--data-dir` for a folder other than the default
// (src-shared/util/cliHints.ts), as "(Reports → Sync now, or bulk-desk sync run)" does.
export function noSecretStored(connection: { id: string; name: string }): string {
  return (
    `No secret is stored for "${connection.name}". Edit the connection and enter it ` +
    `(Connections, or bulk-desk connections edit ${connection.id} --secret-stdin).`
  );
}
