// Why a file named by its path could not be opened, in words naming the path: `import` (the services'
// table readers) and the CLI's file arguments (a recipe, a mapping) say it alike, instead of Node's
// "ENOENT: no such file or directory, open '…'".

/**
 * The `details.field` of an AppError whose file could not be opened at all (missing, a folder, not
 * readable): the CLI takes it as a mistake in the path given (exit 2), not a bad file.
 */
export const UNREADABLE_FILE_FIELD = 'file';

/**
 * `code`: Node's error code (ENOENT, EISDIR, EACCES, EPERM…). `what`, when given, names the file first
 * ("the mapping file", "--recipe").
 */
export function unreadableFileWords(code: string | undefined, path: string, what?: string): string {
  if (code === 'ENOENT') return `${what ? `${what}: ` : ''}There is no file at ${path} (was it moved or deleted?).`;
  const named = what ? `${what} ${path}` : path;
  if (code === 'EISDIR') return `${named}: this is a folder, not a file.`;
  if (code === 'EACCES' || code === 'EPERM') return `${named}: this user may not read it (permission denied).`;
  return `${named}: it could not be opened (${code ?? 'no cause given'}).`;
}
