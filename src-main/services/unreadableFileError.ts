// A file to import that could not be opened (missing, a folder, not readable), as the services throw it:
// the words shared with the CLI's file arguments (src-shared/util/unreadableFile.ts), NOT_FOUND when it is
// not there, and the field that tells the CLI it is the path given that is wrong.
import { AppError } from '../../src-shared/contract/errors';
import { UNREADABLE_FILE_FIELD, unreadableFileWords } from '../../src-shared/util/unreadableFile';

export function unreadableFileError(code: string | undefined, path: string): AppError {
  return new AppError(code === 'ENOENT' ? 'NOT_FOUND' : 'BAD_CSV', unreadableFileWords(code, path), {
    field: UNREADABLE_FILE_FIELD,
  });
}
