// What a confirmation says about taking a change back. Every "this changes the LMS" question used to end
// with "It cannot be undone." — false for a course delete that History's Undo restores, and silent about
// why where it is true. The sentence now comes from the same table the undo is made from (inverses.ts).
import type { UndoPlanDto } from '../contract/api';
import { getTemplate } from '../connectors/catalog';
import { priorReadFor } from './priorReads';
import { partialUndoWords, undoOf } from './inverses';
import { undoTargetWords, type UndoTargetsDto } from './undoTargets';

export interface UndoSentence {
  /** History's "Undo this job" can send the opposite call for this job's rows. */
  undoable: boolean;
  text: string;
}

/** Where an undo is made, as each surface names it. */
export const UNDO_IN_APP = 'History\'s "Undo this job"';
/** On the command line before the job exists (`run` refusing): no id to give yet, so it says where it comes from. */
export const UNDO_IN_CLI = '`bulk-desk jobs undo <job-id>` (with the id the run prints)';
/** For job `jobId`, in the app or on the command line: a hint without the id would not run as printed. */
export const undoAnywhere = (jobId: string): string =>
  `History's "Undo this job" (or \`bulk-desk jobs undo ${jobId}\`)`;

/**
 * For a job of `templateId`. `undoOff`: the job does not read each row's target before writing it
 * (`--no-undo`), which the undo of some templates needs. `via`: where the reader would undo it.
 */
export function jobUndoSentence(templateId: string, undoOff = false, via = UNDO_IN_APP): UndoSentence {
  const spec = undoOf(templateId);
  if ('irreversible' in spec) return { undoable: false, text: `It cannot be undone. ${spec.irreversible}` };
  if (undoOff && priorReadFor(templateId))
    return {
      undoable: false,
      text: 'It cannot be undone: this job does not read each row before changing it, which its undo needs.',
    };
  // An undo that cannot give everything back (results deleted with an enrolment) says what it restores.
  const partial = partialUndoWords(templateId);
  return {
    undoable: true,
    text: `It can be undone ${partial ? 'only in part' : 'afterwards'}: ${via} sends "${inverseName(spec.inverse)}" for its rows, after listing what it would send and any row it cannot take back.${partial ? ` ${partial}` : ''}`,
  };
}

/**
 * For a plan's run (create or update): its updates can be undone like any job of the template; its
 * creates cannot (taking one back would mean deleting what it created: inverses.ts lists them as such), so
 * a plan of creates only cannot be undone at all and says so. `undoOff`: run with `--no-undo`, which keeps
 * no state before the writes, as for any job.
 */
export function planUndoSentence(
  templateId: string,
  counts: { create: number; update: number },
  via = UNDO_IN_APP,
  undoOff = false,
): UndoSentence {
  const s = jobUndoSentence(templateId, undoOff, via);
  const { create: creates, update: updates } = counts;
  if (!s.undoable || creates === 0) return s;
  if (updates === 0)
    return {
      undoable: false,
      text: `It cannot be undone: ${creates === 1 ? 'its one row is a create' : `its ${creates} rows are creates`}, and taking one back would mean deleting what it created, which Undo does not do.`,
    };
  return {
    undoable: true,
    text: `${s.text} The ${creates === 1 ? 'create is' : `${creates} creates are`} not among them: taking one back would mean deleting what it created, which Undo does not do.`,
  };
}

/** "A", "A and B", "A, B and C": step names as a sentence lists them. */
function stepList(steps: readonly { name: string }[]): string {
  const names = steps.map((st) => `"${st.name}"`);
  return names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} and ${names.at(-1)!}`;
}

/**
 * For a recipe job, its steps (name and template): History's Undo takes its steps back, the last first
 * (src-main/undo/recipeUndo.ts), and the steps it cannot take back, or only in part, are named — from the
 * same table as the undo (inverses.ts), so a Coassemble recipe is not told about Coursepath members.
 * `undoOff`: run with `--no-undo`, so the steps whose undo reads their target before the write — as for a
 * job of one template (jobUndoSentence) — cannot be undone.
 */
export function recipeUndoSentence(steps: readonly { name: string; template: string }[], undoOff = false): string {
  const blind = undoOff ? steps.filter((st) => 'inverse' in undoOf(st.template) && priorReadFor(st.template)) : [];
  if (blind.length)
    return `It cannot be undone step by step: with undo off, this job does not read each step's target before changing it, which the undo of ${stepList(blind)} needs.`;
  const cannot = steps.filter((st) => 'irreversible' in undoOf(st.template));
  const part = steps.filter((st) => 'inverse' in undoOf(st.template) && partialUndoWords(st.template));
  const beyond = [
    cannot.length ? `${stepList(cannot)} cannot be taken back` : '',
    part.length ? `${stepList(part)} can be taken back only in part` : '',
  ].filter(Boolean);
  return (
    `It can be undone afterwards, step by step: ${UNDO_IN_APP} sends each step's opposite call, the last step first, ` +
    `after listing what it would send and what it cannot take back${beyond.length ? ` (${beyond.join('; ')})` : ''}.`
  );
}

/** For a test send: Undo takes back jobs, not test sends; where an opposite call exists, it is named. */
export function testSendUndoSentence(templateId: string): UndoSentence {
  const spec = undoOf(templateId);
  if ('irreversible' in spec) return { undoable: false, text: `It cannot be undone. ${spec.irreversible}` };
  const partial = partialUndoWords(templateId, 'Sending it');
  return {
    undoable: false,
    text: `History's Undo covers jobs, not test sends: to take it back, send "${inverseName(spec.inverse)}" for this row.${partial ? ` ${partial}` : ''}`,
  };
}

const inverseName = (id: string) => getTemplate(id)?.name ?? id;

/**
 * What an undo sends and what it acts on, for a message: `"Coursepath: remove from course" for 10 rows on
 * course “Safety 101” (id 17)`, or for a recipe job `"Coursepath: remove from group" on group “Sales”
 * (id 4) and "Coursepath: remove from course" on course … for 16 items` — a confirmation names what.
 */
export function undoSends(plan: Pick<UndoPlanDto, 'template' | 'steps' | 'counts' | 'targets'>): string {
  const n = plan.counts.undo;
  const on = (t: UndoTargetsDto | null | undefined) => (t ? ` on ${undoTargetWords(t)}` : '');
  if (!plan.steps) return `"${plan.template?.name ?? 'nothing'}" for ${n} row${n === 1 ? '' : 's'}${on(plan.targets)}`;
  const sent = plan.steps.filter((s) => s.inverse && s.counts.undo > 0);
  const calls = sent.map((s) => `"${s.inverse!.name}"${on(s.targets)}`);
  // A comma keeps "for 16 items" from reading as part of the last step's targets.
  const comma = sent.some((s) => s.targets) ? ',' : '';
  return `${calls.join(' and ') || 'nothing'}${comma} for ${n} item${n === 1 ? '' : 's'}`;
}

/**
 * Where an undo sends: `"Academy" (https://academy.coursepath.com)` — the name quoted as these messages
 * always quoted it (`to "Academy"`), now with the address after it.
 */
export const undoWhere = (plan: Pick<UndoPlanDto, 'connection'>): string =>
  `"${plan.connection.name}" (${plan.connection.baseUrl})`;
