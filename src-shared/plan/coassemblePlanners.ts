// Coassemble users and clients (reference coassemble-api.md §9): PUT creates the identity when it does not
// exist and otherwise replaces what it sends — the metadata whole, never merged (evidence.md, confirmed).
// So the plan shows every metadata key that changes and every key the LMS has that the file leaves out.
// The lists' rows may not carry the metadata (third-party field lists name none): a user or client whose
// list row lacks it is read on its own before it is compared.
import { createDiff, fieldDiff, metadataDiff } from './fieldDiff';
import {
  done,
  need,
  text,
  type Knowledge,
  type Planner,
  type PlanInput,
  type ReaderId,
  type Verdict,
} from './planner';
import type { PlanDiff } from './types';

function metadataOf(row: PlanInput): Map<string, string> | null {
  const v = row.values.get('metadata');
  return v !== undefined && typeof v !== 'string' ? new Map(v.map(([k, x]) => [k, x])) : null;
}

function identity(kind: 'user' | 'client', listed: ReaderId, full: ReaderId, fields: readonly string[]) {
  return (row: PlanInput, known: Knowledge): Verdict => {
    const identifier = text(row, 'identifier')!;
    const k = known.get(listed, identifier);
    if (k.state === 'unknown') return need({ reader: listed, key: identifier });
    const sent = new Map<string, string>();
    for (const f of fields) {
      const v = text(row, f);
      if (v !== null) sent.set(f, v);
    }
    const metadata = metadataOf(row);
    if (k.state === 'absent') {
      const diff: PlanDiff[] = [
        ...createDiff(sent),
        ...(metadata ? createDiff(new Map([...metadata].map(([a, b]) => [`metadata.${a}`, b]))) : []),
      ];
      return done('create', diff, null);
    }
    let record = k.record;
    if (metadata && !Object.hasOwn(record, 'metadata')) {
      const f = known.get(full, identifier);
      if (f.state === 'unknown') return need({ reader: full, key: identifier });
      if (f.state === 'absent')
        return done('create', createDiff(sent), `The ${kind} was listed but is gone now.`);
      record = f.record;
    }
    const diff = [...fieldDiff(sent, record), ...(metadata ? metadataDiff(metadata, record.metadata) : [])];
    const removed = diff.filter((d) => d.field.startsWith('metadata.') && d.new === null).length;
    return diff.length
      ? done(
          'update',
          diff,
          removed
            ? `Metadata is replaced whole, not merged: ${removed} key${removed === 1 ? '' : 's'} the file leaves out ${removed === 1 ? 'is' : 'are'} removed.`
            : null,
        )
      : done('unchanged', [], `The ${kind} already holds these values.`);
  };
}

export const COASSEMBLE_PLANNERS: Readonly<Record<string, Planner>> = {
  'coassemble.users.upsert': {
    runTemplateId: 'coassemble.users.upsert',
    reads:
      'users (list pages, or one read each when the file is small; one read each for metadata a list leaves out)',
    classify: identity('user', 'ca.user', 'ca.userFull', ['clientIdentifier', 'name']),
  },
  'coassemble.clients.upsert': {
    runTemplateId: 'coassemble.clients.upsert',
    reads: 'clients (list pages, or one read each when the file is small)',
    classify: identity('client', 'ca.client', 'ca.clientFull', []),
  },
};
