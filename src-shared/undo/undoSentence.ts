// What a confirmation says about taking a change back. Every "this changes the LMS" question used to end
// with "It cannot be undone." — false for a course delete that History's Undo restores, and silent about
// why where it is true. The sentence now comes from the same table the undo is made from (inverses.ts).
import { getTemplate } from '../connectors/catalog';
import { priorReadFor } from './priorReads';
import { partialUndoWords, undoOf } from './inverses';

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
 * creates cannot (taking one back would mean deleting what it created: inverses.ts lists them as such).
 * `undoOff`: run with `--no-undo`, which keeps no state before the writes, as for any job.
 */
export function planUndoSentence(
  templateId: string,
  creates: number,
  via = UNDO_IN_APP,
  undoOff = false,
): UndoSentence {
  const s = jobUndoSentence(templateId, undoOff, via);
  if (!s.undoable || creates === 0) return s;
  return {
    undoable: true,
    text: `${s.text} The ${creates === 1 ? 'create is' : `${creates} creates are`} not among them: taking one back would mean deleting what it created, which Undo does not do.`,
  };
}

/** For a recipe job: History's Undo does not take recipe jobs back yet (src-main/undo/undoJob.ts). */
export const RECIPE_UNDO_SENTENCE =
  "It cannot be undone as a whole: Undo does not cover recipe jobs yet (a step's effect can be undone with a job of its opposite call).";

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
