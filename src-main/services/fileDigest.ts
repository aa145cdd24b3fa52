// The imported file's fingerprint for the audit record: its SHA-256 and size, read beside the import
// (the import streams the same file; the OS cache serves the second read), so datasetImport.ts only
// starts it and stores the answer. Never throws: a file that cannot be read again leaves the audit
// record saying "unknown" rather than failing an import that succeeded.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

export interface FileDigest {
  sha256: string;
  sizeBytes: number;
}

export function digestFile(path: string): Promise<FileDigest | null> {
  return new Promise((resolve) => {
    const hash = createHash('sha256');
    let size = 0;
    const stream = createReadStream(path);
    stream.on('data', (chunk) => {
      const b = chunk as Buffer;
      size += b.length;
      hash.update(b);
    });
    stream.on('error', () => resolve(null));
    stream.on('end', () => resolve({ sha256: hash.digest('hex'), sizeBytes: size }));
  });
}
