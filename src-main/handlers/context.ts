import type { Db } from '../db/openDb';
import type { PlanService } from '../plan/planService';
import type { JobRunner } from '../runner/jobRunner';
import type { CredentialStore } from '../services/credentials';
import type { EventBus } from '../services/eventHub';
import type { HttpRequest, HttpResponse } from '../services/http';
import type { SyncService } from '../sync/syncService';

/** What handlers may use. Built once by the composition root (src-main/services.ts). */
export interface HandlerContext {
  db: Db;
  credentials: CredentialStore;
  /** The OS keychain by entry key, not by connection: only for a save's writes and a delete's removals (services/secretChange.ts, connectionSecretDelete.ts). */
  keychain: CredentialStore;
  runner: JobRunner;
  /** Main → renderer events (e.g. `dataset:progress` of an import that answered early). */
  events: EventBus;
  sync: SyncService;
  plans: PlanService;
  dataDir: string;
  uploadDir: string;
  sandboxUrl: string | null;
  version: string;
  send: (req: HttpRequest) => Promise<HttpResponse>;
  now: () => number;
}
