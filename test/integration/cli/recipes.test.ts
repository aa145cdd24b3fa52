// Recipes from the command line, as an admin's script uses them: `recipes list|show|export|import`, and
// `run --recipe FILE|ID` with its per-step dry run, the phrase a destructive recipe needs, and a real run
// whose ledger shows each call once. The `bulk-desk` bin in its own process, the real keychain, a sandbox.
// Syncs, runs and each test's first command run as the bin in its own process; the commands that only read
// or save locally around them (list, show, export, import, jobs show/undo --dry-run/export) run the same
// router in this process (cliHere): each process start cost ~0.5 s of CPU, seconds on a loaded machine.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JobSummary, RecipePreflightDto } from '../../../src-shared/contract/api';
import type { Recipe } from '../../../src-shared/recipes/types';
import { startSandbox } from '../../../src-main/sandbox/index';
import { tempDir } from '../../helpers/tempDir';
import { addCoursepath, cli, json, useCliWorld } from './runCli';
import { cliHere } from './runCliHere';

describe('bulk-desk CLI: recipes', () => {
  const w = useCliWorld();

  it('lists, exports and imports recipes; a dry run counts per step; a run sends each step once; a destructive recipe asks', async () => {
    const dir = (w.dir = tempDir());
    const sandbox = (w.sandbox = await startSandbox({ seed: 41 }));
    const cp = sandbox.credentials.coursepath;
    const D = ['--data-dir', dir.path];
    const conn = await addCoursepath(cp, dir.path, 'Acme');
    const synced = await cli(['sync', 'run', '--connection', conn.id, ...D]);
    expect(synced.code, synced.stderr).toBe(0);

    const list = await cliHere(['recipes', 'list', ...D]);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/coursepath\.onboard\s+coursepath\s+4\s+Onboard learners \(built in\)/);
    const show = await cliHere(['recipes', 'show', 'coursepath.onboard', ...D]);
    expect(show.stdout).toMatch(
      /2\s+courses\s+Enrol in courses\s+coursepath\.courses\.enrol\s+value of "Courses" \(split on ";"\)/,
    );

    const file = join(dir.path, 'hires.csv');
    writeFileSync(
      file,
      'Email,First name,Last name,Courses,Groups\n' +
        'ann@cli.test,Ann,Lee,Fire Safety Awareness; Sales Fundamentals,Sales\n' +
        'bob@cli.test,Bob,Ray,,\n' +
        'cat@cli.test,Cat,Kim,Underwater Basket Weaving,Support\n',
    );
    const dataset = json<{ id: string }>(await cliHere(['import', file, '--json', ...D])).id;
    const run = (...extra: string[]) =>
      cli(['run', '--dataset', dataset, '--connection', conn.id, ...extra, ...D]);

    // The dry run: per-step counts, the unknown title named; nothing sent; exit 1 for the invalid item.
    const dry = await run('--recipe', 'coursepath.onboard', '--dry-run', '--json');
    expect(dry.code, dry.stderr).toBe(1);
    const plan = JSON.parse(dry.stdout) as RecipePreflightDto;
    const c = (st: RecipePreflightDto['steps'][number]) => st.counts;
    expect(
      plan.steps.map((st) => [
        st.id,
        c(st).items,
        c(st).wouldSend,
        c(st).invalid,
        c(st).blocked,
        c(st).notApplicable,
      ]),
    ).toEqual([
      ['member', 3, 3, 0, 0, 0],
      ['courses', 4, 2, 1, 0, 1],
      ['groups', 3, 1, 0, 1, 1], // Cat's group waits behind her unknown course
      ['invite', 3, 2, 0, 1, 0],
    ]);
    // Undo's read before each enrolment and group add: a request each, counted before the run.
    expect(plan.steps.map((st) => c(st).readsBefore)).toEqual([0, 2, 1, 0]);
    expect(plan.invalid[0]!.message).toMatch(
      /^Row 4, step 2 "Enrol in courses" \(Underwater Basket Weaving\): Course ID: "Underwater Basket Weaving" is not a course title/,
    );
    expect(sandbox.ledger.entries().filter((e) => e.method === 'POST')).toEqual([]);
    // In words: every request a real run sends, the reads too; none with --no-undo.
    const dryText = await run('--recipe', 'coursepath.onboard', '--dry-run');
    // The steps that need the member id decide as they are sent: counted apart from those known to go, as
    // the Recipes screen does ("To send", "Decided when sent"), and the writes said as the most there can be.
    expect(dryText.stdout).toMatch(/^step\s+name\s+items\s+to send\s+decided when sent\s+reads before\s+repeats/m);
    expect(dryText.stdout).toMatch(/^1\s+Create member\s+3\s+3\s+0\s+0\s/m);
    expect(dryText.stdout).toMatch(/^2\s+Enrol in courses\s+4\s+0\s+2\s+2\s/m);
    expect(dryText.stdout).toMatch(/^4\s+Send the invitation\s+3\s+0\s+2\s+0\s/m);
    expect(dryText.stdout).toContain(
      'A real run sends up to 16 requests: up to 8 writes (3 for sure, 5 decided when sent), 3 reads before writes ' +
        "(for undo; --no-undo leaves them out) and up to 5 read-backs (of the canary's first 5 items), plus any " +
        'retries (a busy LMS, a lost answer).',
    );
    const dryNoUndo = await run('--recipe', 'coursepath.onboard', '--dry-run', '--no-undo');
    expect(dryNoUndo.stdout).toContain(
      'A real run sends up to 13 requests: up to 8 writes (3 for sure, 5 decided when sent; --no-undo: no reads ' +
        "before them) and up to 5 read-backs (of the canary's first 5 items), plus any retries (a busy LMS, a lost answer).",
    );
    // And in JSON: the reads before are the run's, none with --no-undo, the writes as they were.
    const jsonNoUndo = JSON.parse(
      (await run('--recipe', 'coursepath.onboard', '--dry-run', '--no-undo', '--json')).stdout,
    ) as RecipePreflightDto;
    expect(jsonNoUndo.steps.map((st) => c(st).readsBefore)).toEqual([0, 0, 0, 0]);
    expect(jsonNoUndo.steps.map((st) => c(st).wouldSend)).toEqual(plan.steps.map((st) => c(st).wouldSend));

    // Export the built-in, make it our own in a text editor (here: sed), import it, run it from the file.
    const yaml = join(dir.path, 'acme.recipe.yaml');
    expect((await cliHere(['recipes', 'export', 'coursepath.onboard', '--out', yaml, ...D])).code).toBe(0);
    writeFileSync(
      yaml,
      readFileSync(yaml, 'utf8')
        .replace('id: coursepath.onboard', 'id: acme.onboard')
        .replace('name: Onboard learners', 'name: Acme onboarding'),
    );
    const imported = await cliHere(['recipes', 'import', yaml, ...D]);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout.trim()).toBe('acme.onboard');

    const sentBefore = sandbox.ledger.entries().length;
    const real = await run('--recipe', yaml, '--canary', '0', '--skip-step', 'invite');
    expect(real.code, real.stderr).toBe(1); // one step failed (and blocked Cat's groups)
    expect(real.stderr).toContain(
      'This run sends up to 9 requests: up to 6 writes (3 for sure, 3 decided when sent) and 3 reads before writes ' +
        '(for undo; --no-undo leaves them out), plus any retries (a busy LMS, a lost answer).',
    );
    // All of them, and no other: the sandbox's ledger of the run (no canary, so nothing is read back).
    expect(sandbox.ledger.entries().slice(sentBefore)).toHaveLength(9);
    // As counted: a read of each enrolment's and group add's target, just before its write.
    const reads = sandbox.ledger
      .entries()
      .slice(sentBefore)
      .filter((e) => e.method === 'GET' && /\/coursemember$|\/groups(\?|$)/.test(e.path));
    expect(reads).toHaveLength(3);
    expect(real.stderr).toMatch(/step 2 Enrol in courses: 2 succeeded, 1 failed, 0 blocked, 1 skipped/);
    expect(real.stderr).toMatch(/step 3 Add to groups: 1 succeeded, 0 failed, 1 blocked, 1 skipped/);
    expect(real.stderr).toMatch(/Failed steps, after fixing their cause: bulk-desk jobs retry-failed /);
    const posts = sandbox.ledger.entries().filter((e) => e.method === 'POST');
    expect(posts.filter((e) => e.path === '/api/v1/members')).toHaveLength(3);
    expect(posts.filter((e) => e.path.endsWith('/coursemember'))).toHaveLength(2);
    expect(posts.filter((e) => e.path.endsWith('/groups'))).toHaveLength(1);
    expect(posts.filter((e) => e.path.endsWith('/invite'))).toHaveLength(0); // switched off for this run
    const jobId = real.stdout.trim();
    const job = json<JobSummary>(await cliHere(['jobs', 'show', jobId, '--json', ...D]));
    expect(job.recipe?.name).toBe('Acme onboarding');
    // The status table adds up: a recipe's blocked (and waiting) items are rows of it too.
    const shown = await cliHere(['jobs', 'show', jobId, ...D]);
    const tableRows = Object.fromEntries(
      [...shown.stdout.matchAll(/^([a-z_]+)\s+(\d+)\s*$/gm)].map((m) => [m[1]!, Number(m[2])]),
    );
    expect(tableRows.blocked).toBe(job.counts.blocked);
    expect(job.counts.blocked).toBeGreaterThan(0);
    const { total, ...byStatus } = tableRows;
    expect(Object.values(byStatus).reduce((a, b) => a + b, 0)).toBe(total);

    // `jobs undo` works on a recipe job: per step, the last first, what is undone and what cannot be.
    const undo = await cliHere(['jobs', 'undo', jobId, '--dry-run', ...D]);
    expect(undo.code, undo.stderr).toBe(0);
    expect(undo.stderr).toMatch(
      /^  step 3 Add to groups: 1 to undo with "Coursepath: remove from group", 0 unchanged, 0 cannot be undone$/m,
    );
    expect(undo.stderr).toMatch(
      /^  step 2 Enrol in courses: 2 to undo with "Coursepath: remove from course"/m,
    );
    expect(undo.stderr).toMatch(/^  step 1 Create member: not undone: Coursepath has no member delete/m);
    expect(undo.stderr).toMatch(/^  rows 2–4, step 1 \(3 items\): Coursepath has no member delete/m);
    expect(undo.stderr).toMatch(/^3 items cannot be undone:$/m);
    expect(undo.stderr).toContain(
      'Undoing needs: --confirm "REMOVE 1 group membership and REMOVE 2 course enrolments on Acme"',
    );

    // The failed rows export holds Cat once, with why.
    const failed = await cliHere(['jobs', 'export', jobId, '--only', 'failed', ...D]);
    const lines = failed.stdout
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^cat@cli\.test,Cat,Kim,Underwater Basket Weaving,Support,"?Row 4, step 2/);

    // A destructive recipe: without its phrase, nothing is sent and the phrase is printed (exit 2).
    const sync2 = await cli(['sync', 'run', '--connection', conn.id, ...D]); // the new members, for the email lookup
    expect(sync2.code).toBe(0);
    const before = sandbox.ledger.entries().length;
    const off = await run('--recipe', 'coursepath.offboard', '--canary', '0');
    expect(off.code).toBe(2);
    expect(off.stderr).toMatch(
      /Add: --confirm "REMOVE 2 course enrolments and REMOVE 1 group membership on Acme"/,
    );
    expect(off.stderr).toContain('It can be undone afterwards, step by step');
    expect(
      sandbox.ledger
        .entries()
        .slice(before)
        .filter((e) => e.method !== 'GET'),
    ).toEqual([]);
    const confirmed = await run(
      '--recipe',
      'coursepath.offboard',
      '--canary',
      '0',
      '--confirm',
      'REMOVE 2 course enrolments and REMOVE 1 group membership on Acme',
    );
    expect(confirmed.code, confirmed.stderr).toBe(1); // Cat's unknown course is still unknown
    expect(
      sandbox.ledger
        .entries()
        .slice(before)
        .filter((e) => e.method === 'DELETE'),
    ).toHaveLength(3);
  }, 180_000); // a dozen CLI processes: near 2 minutes on a busy machine

  it('the request count a run prints is what the sandbox ledger shows: read-backs counted, retries said', async () => {
    const dir = (w.dir = tempDir());
    const sandbox = (w.sandbox = await startSandbox({ seed: 47 }));
    const D = ['--data-dir', dir.path];
    const conn = await addCoursepath(sandbox.credentials.coursepath, dir.path, 'Acme');
    expect((await cli(['sync', 'run', '--connection', conn.id, ...D])).code).toBe(0);
    const file = join(dir.path, 'hires.csv');
    writeFileSync(
      file,
      'Email,First name,Last name,Courses,Groups\n' +
        'ann@count.test,Ann,Lee,Fire Safety Awareness; Sales Fundamentals,Sales\n' +
        'bob@count.test,Bob,Ray,,\n',
    );
    const dataset = json<{ id: string }>(await cliHere(['import', file, '--json', ...D])).id;
    const run = (...extra: string[]) =>
      cli([
        'run',
        '--dataset',
        dataset,
        '--connection',
        conn.id,
        '--recipe',
        'coursepath.onboard',
        ...extra,
        ...D,
      ]);

    // The canary's items are read back (create member, enrolments and group adds can be; an invitation
    // cannot): which items those are is known only as they leave, so "up to".
    const canary = await run('--dry-run', '--canary', '2');
    expect(canary.stdout).toContain(
      'A real run sends up to 12 requests: up to 7 writes (2 for sure, 5 decided when sent), 3 reads before writes ' +
        "(for undo; --no-undo leaves them out) and up to 2 read-backs (of the canary's first 2 items), plus any " +
        'retries (a busy LMS, a lost answer).',
    );

    // Every write of a step that can be read back, read back: as many GETs as the line says.
    const before = sandbox.ledger.entries().length;
    const all = await run('--canary', '0', '--read-back', 'all');
    expect(all.code, all.stderr).toBe(0);
    expect(all.stderr).toContain(
      'This run sends up to 15 requests: up to 7 writes (2 for sure, 5 decided when sent), 3 reads before writes ' +
        '(for undo; --no-undo leaves them out) and 5 read-backs (--read-back all), plus any retries (a busy LMS, a ' +
        'lost answer).',
    );
    const sent = sandbox.ledger.entries().slice(before);
    expect(sent.filter((e) => e.method === 'POST')).toHaveLength(7);
    expect(sent).toHaveLength(15);
  }, 120_000);

  it('import refuses a recipe with errors, naming the file and step, and keeps the saved one', async () => {
    const dir = (w.dir = tempDir());
    const D = ['--data-dir', dir.path];
    const exported = await cli(['recipes', 'export', 'coursepath.onboard', '--format', 'json', ...D]);
    const good = { ...(JSON.parse(exported.stdout) as Recipe), id: 'acme.onboard', name: 'Acme onboarding' };
    const goodFile = join(dir.path, 'acme.json');
    writeFileSync(goodFile, JSON.stringify(good));
    expect((await cliHere(['recipes', 'import', goodFile, ...D])).code).toBe(0);

    // The same id, with an error of each kind the editor can leave in a draft.
    const broken = structuredClone({ ...good, name: 'Broken' });
    delete (broken.steps[0]!.mapping.fields as Record<string, unknown>).email; // required, unmapped
    broken.steps[1]!.mapping.fields.memberId = { kind: 'column', column: '@groups.Member ID' }; // later step
    broken.steps[2]!.id = 'courses'; // the same id as step 2
    broken.steps[3]!.template = 'coursepath.members.nope'; // no such template
    broken.steps.push({
      id: 'ca',
      name: 'Coassemble user',
      template: 'coassemble.users.upsert',
      mapping: { fields: {} },
    });
    const brokenFile = join(dir.path, 'broken.json');
    writeFileSync(brokenFile, JSON.stringify(broken));
    const refused = await cliHere(['recipes', 'import', brokenFile, ...D]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).not.toMatch(/Saved/);
    expect(refused.stderr).toMatch(
      /^broken\.json: Step 1 "Create member", Email: is required but not mapped$/m,
    );
    expect(refused.stderr).toMatch(/^broken\.json: Step 2 "Enrol in courses": reads "@groups\.Member ID"/m);
    expect(refused.stderr).toMatch(
      /^broken\.json: Step 3 "Add to groups": step 2 has the same id "courses"/m,
    );
    expect(refused.stderr).toMatch(
      /^broken\.json: Step 4 "Send the invitation": no action "coursepath\.members\.nope"/m,
    );
    expect(refused.stderr).toMatch(/^broken\.json: Step 5 "Coassemble user": .* is a coassemble call/m);
    expect(refused.stderr).toMatch(
      /broken\.json has 5 errors \(above\), so it was not saved; the saved recipe "acme\.onboard" stays as it was\./,
    );
    const kept = json<{ recipe: Recipe }>(await cliHere(['recipes', 'show', 'acme.onboard', '--json', ...D]));
    expect(kept.recipe).toEqual(good);
  }, 60_000);

  it('an empty recipe file is named; a --skip-step that names no step, or a step that is not optional, is wrong usage (exit 2)', async () => {
    const dir = (w.dir = tempDir());
    const sandbox = (w.sandbox = await startSandbox({ seed: 43 }));
    const cp = sandbox.credentials.coursepath;
    const D = ['--data-dir', dir.path];

    const emptyFile = join(dir.path, 'empty.yaml');
    writeFileSync(emptyFile, '');
    const empty = await cli(['recipes', 'import', emptyFile, ...D]);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toMatch(/^Error: empty\.yaml is empty: /m);

    // A file with no name and no steps: both problems, in words naming the file and the field.
    const shapeless = join(dir.path, 'shapeless.json');
    writeFileSync(shapeless, JSON.stringify({ id: 'acme.x', api: 'coursepath', steps: [] }));
    const bad = await cliHere(['recipes', 'import', shapeless, ...D]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(
      'Error: shapeless.json: The recipe has no name ("name").\nshapeless.json: The recipe has no steps: add at least one.\n',
    );
    expect(bad.stderr).not.toMatch(/Invalid input/);

    const conn = await addCoursepath(cp, dir.path, 'Acme');
    const csv = join(dir.path, 'hires.csv');
    writeFileSync(csv, 'Email,First name,Last name,Courses,Groups\nann@cli.test,Ann,Lee,,\n');
    const dataset = json<{ id: string }>(await cliHere(['import', csv, '--json', ...D])).id;
    const run = (skip: string) =>
      cli([
        'run',
        '--dataset',
        dataset,
        '--connection',
        conn.id,
        '--recipe',
        'coursepath.onboard',
        '--skip-step',
        skip,
        '--dry-run',
        ...D,
      ]);
    const unknown = await run('nope');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/The recipe "Onboard learners" has no step "nope" to switch off\./);
    const required = await run('member');
    expect(required.code).toBe(2);
    expect(required.stderr).toMatch(/Step "Create member" is not optional: every row needs it\./);
  }, 60_000);
});
