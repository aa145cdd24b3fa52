// `jobs undo`: the compensating job of a finished job (src-main/undo/undoJob.ts), through the contract.
import type { UndoPlanDto, UndoRowNote } from '../../src-shared/contract/api';
import { AppError } from '../../src-shared/contract/errors';
import { isConfirmed } from '../../src-shared/runner/confirmGuard';
import { groupUndoNotes } from '../../src-shared/undo/undoNoteGroups';
import { undoSends, undoWhere } from '../../src-shared/undo/undoSentence';
import { rowRanges } from '../../src-shared/util/rowGroups';
import { cliCommand } from '../services/dataDir';
import { svc, JSON_HELP, type Command } from './commandKit';
import { call, EXIT, write, type CliIo } from './io';
import { followJob } from './progress';

const LIST = 20;
const rows = (n: number) => `${n} row${n === 1 ? '' : 's'}`;
/** A listed row, with its step for a recipe job: `row 4, step 2 (key)`. */
const at = (r: UndoRowNote) => `row ${r.rowNumber}${r.step !== undefined ? `, step ${r.step + 1}` : ''}${r.key ? ` (${r.key})` : ''}`;

/**
 * Listed rows, those sharing a reason (and step) on one line: "rows 2–61 (60 rows): Coursepath has no
 * member delete…" — a 60-row create job listed the same sentence 20 times, then "and 40 more". A reason
 * of one row keeps the row's key. At most LIST lines; `total` counts rows the list may leave out.
 */
function grouped(
  notes: readonly UndoRowNote[],
  total: number,
  unit: (n: number) => string,
  more: string,
): string[] {
  const out: string[] = [];
  let listed = 0;
  for (const g of groupUndoNotes(notes).slice(0, LIST)) {
    const first = g.notes[0]!;
    const step = g.step !== undefined ? `, step ${g.step + 1}` : '';
    out.push(
      g.notes.length === 1
        ? `  ${at(first)}: ${g.reason}`
        : `  rows ${rowRanges(g.rowNumbers)}${step} (${unit(g.notes.length)}): ${g.reason}`,
    );
    listed += g.notes.length;
  }
  if (total > listed) out.push(`  … and ${unit(total - listed)} more${more}`);
  return out;
}

/** What undoing does, on stderr: rows undone, unchanged, never sent, and those that cannot be undone, with why. */
async function describeUndo(io: CliIo, p: UndoPlanDto): Promise<void> {
  const c = p.counts;
  // A recipe job's counts are of its items (a step of a row each).
  const unit = (n: number) => (p.steps ? `${n} item${n === 1 ? '' : 's'}` : rows(n));
  const what = unit(c.rows);
  const lines = [
    `Undo of job ${p.jobId}: ${what}: ${c.undo} to undo${p.template ? ` with "${p.template.name}"` : ''}, ` +
      `${c.unchanged} unchanged, ${c.notSent} never sent or failed, ${c.cannot} cannot be undone.`,
  ];
  // A recipe job: each step, in the order the undo runs them.
  for (const st of p.steps ?? [])
    lines.push(
      `  step ${st.step + 1} ${st.name}: ` +
        (st.inverse
          ? `${st.counts.undo} to undo with "${st.inverse.name}", ${st.counts.unchanged} unchanged, ${st.counts.cannot} cannot be undone`
          : `not undone: ${st.irreversible ?? 'no call undoes it'}`),
    );
  // What and where, as the app's confirmation names them: the courses (groups…) the undo acts on, and the LMS.
  if (c.undo) lines.push(`Undoing sends ${undoSends(p)} to ${undoWhere(p)}.`);
  if (p.note) lines.push(`Note: ${p.note}`);
  if (c.cannot) {
    lines.push(`${unit(c.cannot)} cannot be undone:`);
    lines.push(...grouped(p.cannot, c.cannot, unit, ' (--json lists up to 200)'));
  }
  if (c.unchanged) {
    lines.push(`${unit(c.unchanged)} with nothing to undo:`);
    lines.push(...grouped(p.unchanged, c.unchanged, unit, ''));
  }
  if (c.warnings) {
    lines.push(`${c.warnings} caveat${c.warnings === 1 ? '' : 's'}:`);
    for (const r of p.warnings.slice(0, LIST)) lines.push(`  ${at({ ...r, key: null })}: ${r.reason}`);
  }
  io.stderr.write(lines.join('\n') + '\n');
}

export const UNDO_COMMANDS: Command[] = [
  {
    words: ['jobs', 'undo'],
    summary: 'Undo a job: a new job of the compensating calls for the rows it sent (rows that cannot be undone are listed)',
    args: '<job-id>',
    positionals: 1,
    details:
      'Each row the job changed is put back from the state its target had just before the write (read and\n' +
      'kept by the job): enrol ↔ remove from course, program add ↔ remove, group add ↔ remove, delete ↔\n' +
      'restore course, translation create ↔ delete, member update and Coassemble user/client upsert ↔ the\n' +
      'values they replaced. Rows that cannot be undone are listed with why (Coursepath has no member\n' +
      'delete; an invitation cannot be unsent; a deleted Coassemble user is gone). The undo job is an ordinary\n' +
      'job: its rows keep the original row numbers, it is kept in History and exported, and it can be undone.\n' +
      'It does not overwrite a later change it can read: just before each write it reads the target again,\n' +
      'and where a value the job wrote has changed since (by hand, or by a later job), a Coassemble user or\n' +
      'client was deleted since, or a learner has results in a course the job enrolled them in, that row is\n' +
      'not written and fails saying what changed. (A translation edited by hand since is not seen: its\n' +
      'undo, a delete, reads nothing first.)\n' +
      'A paused or stopped job can be undone too: the rows it has sent so far. Resumed after that, it sends\n' +
      'its other rows, which that undo does not cover: undo the job again afterwards to take those back.\n' +
      'Without --run it is made and its id printed; start it with `bulk-desk jobs resume <id>`.\n' +
      '--dry-run shows what would be undone and makes nothing. A destructive compensating call needs\n' +
      '--confirm with the phrase it prints (exit code 2 without it).',
    options: {
      confirm: { type: 'string' },
      'dry-run': { type: 'boolean' },
      run: { type: 'boolean' },
      json: { type: 'boolean' },
    },
    optionHelp: [
      ['--confirm PHRASE', 'the phrase a destructive compensating call needs, e.g. "REMOVE 10 course enrolments on Acme"'],
      ['--dry-run', 'show what would be undone; make nothing'],
      ['--run', 'send the undo job now and wait for it'],
      JSON_HELP,
    ],
    async run({ s, io, args, values }) {
      const services = svc(s);
      const jobId = args[0]!;
      const confirm = typeof values.confirm === 'string' ? values.confirm : undefined;
      const plan = await call(services, 'jobs.undoPlan', { jobId });
      if (values['dry-run']) {
        if (values.json) await write(io.stdout, JSON.stringify(plan, null, 2) + '\n');
        await describeUndo(io, plan);
        if (plan.confirmation) io.stderr.write(`Undoing needs: --confirm "${plan.confirmation}"\n`);
        return EXIT.ok;
      }
      if (values.run && plan.counts.undo > 0 && !isConfirmed(plan.confirmation, confirm)) {
        await describeUndo(io, plan);
        throw new AppError(
          'CONFLICT',
          `${confirm === undefined ? 'Not confirmed' : 'The phrase does not match'}: undoing sends ${undoSends(plan)} to ${undoWhere(plan)}. Nothing was sent.`,
          { field: 'confirm', phrase: plan.confirmation ?? '' },
        );
      }
      const made = await call(services, 'jobs.undo', {
        jobId,
        ...(confirm !== undefined ? { confirm } : {}),
        ...(values.run ? { start: true } : {}),
      });
      await describeUndo(io, made.plan);
      if (!made.job) {
        io.stderr.write('Nothing to undo: no job was made.\n');
        if (values.json) await write(io.stdout, JSON.stringify(made, null, 2) + '\n');
        return made.plan.counts.cannot ? EXIT.failed : EXIT.ok;
      }
      const undo = made.job;
      if (!values.json) await write(io.stdout, `${undo.id}\n`);
      io.stderr.write(`Undo job ${undo.id}: ${rows(undo.counts.total)} → ${undo.templateName} on ${undo.connectionName}\n`);
      if (!values.run) {
        const phrase = made.plan.confirmation ? ` --confirm "${made.plan.confirmation}"` : '';
        io.stderr.write(`Send it with: ${cliCommand(`jobs resume ${undo.id}${phrase}`, services.dataDir)}\n`);
        if (values.json) await write(io.stdout, JSON.stringify(made, null, 2) + '\n');
        return EXIT.ok;
      }
      const { summary, code } = await followJob(services, io, undo.id);
      if (values.json) await write(io.stdout, JSON.stringify({ plan: made.plan, job: summary }, null, 2) + '\n');
      return code;
    },
  },
];
