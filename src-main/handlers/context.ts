import type { Db } from '../db/openDb';
import type { JobRunner } from '../runner/jobRunner';
import type { CredentialStore } from '../services/credentials';
import type { HttpRequest, HttpResponse } from '../services/http';

/** What handlers may use. Built once by the composition root (src-main/services.ts). */
export interface HandlerContext {
  db: Db;
  credentials: CredentialStore;
  runner: JobRunner;
  dataDir: string;
  uploadDir: string;
  sandboxUrl: string | null;
  version: string;
  send: (req: HttpRequest) => Promise<HttpResponse>;
  now: () => number;
}
