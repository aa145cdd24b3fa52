// An undo job's check just before each write: has the target moved since the job being undone wrote it?
// Then the row is not written — putting back the state from before that job would overwrite the later
// change (src-shared/undo/laterChange.ts says what moved) — and fails saying what moved and how to undo
// it anyway. The runner calls this with the read it makes before every write (runner/priorState.ts).
import { getTemplate } from '../../src-shared/connectors/catalog';
import type { Template } from '../../src-shared/connectors/types';
import type { BuiltRequest } from '../../src-shared/mapping/types';
import { undoOf } from '../../src-shared/undo/inverses';
import type { LaterChange } from '../../src-shared/undo/laterChange';
import { writesOnTarget } from '../db/undo';
import type { Db } from '../db/openDb';
import { sentRequestOf } from './undoRows';

/**
 * For undo job items: the row's error when its target changed since job `undoneJob` wrote it (`now`: the
 * target as just read, a 2xx JSON answer; `sends`: the undo's template, named in the way out; `request`:
 * the undo's write, whose fields alone can overwrite anything), else null.
 */
export type LaterChangeGuard = (itemId: number, now: string | null, sends: Template, request: BuiltRequest) => string | null;

export function laterChangeGuard(db: Db, undoneJob: string): LaterChangeGuard {
  const writesOf = writesOnTarget(db, undoneJob);
  return (itemId, now, sends, request) => {
    const target = writesOf(itemId);
    const template = target && getTemplate(target.templateId);
    const spec = template && undoOf(template.id);
    if (!target || !template || !spec || !('inverse' in spec)) return null;
    // Not found now (`now` null): deleted since, where the undo's write would create it again.
    if (now === null) return spec.goneSince && target.writes.length ? refusal(spec.goneSince, sends) : null;
    if (!spec.laterChange) return null;
    const writes = target.writes
      .map((w) => sentRequestOf(w.url, w.body, template))
      .filter((w): w is BuiltRequest => w !== null);
    if (!writes.length) return null; // nothing kept to compare with: the undo's derive already said so
    const change = spec.laterChange({ template, writes, now, undo: { template: sends, request } });
    return change ? refusal(change, sends) : null;
  };
}

const refusal = (change: LaterChange, sends: Template) =>
  `Not undone: ${change.what}. Undoing this row would ${change.loses}, so it was left as it is. ` +
  `To undo it anyway, export this job's failed rows and send them with "${sends.name}".`;
