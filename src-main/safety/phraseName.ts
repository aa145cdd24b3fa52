// The words a confirmation phrase uses for a connection. Every phrase main builds or checks names its
// connection through here, so the phrase shown, asked for and enforced is the same one; the rule itself
// (the name, or the name with its host when another connection's name reads the same) is pure and shared
// with the renderer: src-shared/runner/confirmGuard.ts, connectionInPhrase.
import { connectionInPhrase, type PhraseConnection } from '../../src-shared/runner/confirmGuard';
import { listConnections } from '../db/connections';
import type { Db } from '../db/openDb';

export function phraseName(db: Db, c: PhraseConnection): string {
  return connectionInPhrase(c, listConnections(db));
}
