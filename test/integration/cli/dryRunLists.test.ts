// `run --dry-run` says which rows it counts: the rows with warnings and what each warning is (an audit
// saw "1 with warnings" and nothing else), and what its lists leave out ("and 5 more rows"), a problem many rows share said once — in the text
// and, every listed row, in --json.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startSandbox } from '../../../src-main/sandbox/index';
import { tempDir } from '../../helpers/tempDir';
import { cliHere } from './runCliHere';
import { json, useCliWorld } from './runCli';

describe('bulk-desk run --dry-run: the rows behind its counts', () => {
  const w = useCliWorld();

  it('lists rows with warnings and their messages, and says how many more rows each list leaves out', async () => {
    const dir = (w.dir = tempDir());
    const sandbox = (w.sandbox = await startSandbox({ seed: 61 }));
    const cp = sandbox.credentials.coursepath;
    const D = ['--data-dir', dir.path];
    const conn = json<{ id: string }>(
      await cliHere(
        [
          'connections',
          'add',
          '--api',
          'coursepath',
          '--name',
          'Acme',
          '--base-url',
          cp.baseUrl,
          '--email',
          cp.email,
          '--secret-stdin',
          '--json',
          ...D,
        ],
        cp.apiKey,
      ),
    );
    // Rows 2–16: an email that is not one (invalid); rows 17–28: a name of spaces only (sent, with a warning).
    const lines = ['email,name'];
    for (let i = 0; i < 15; i++) lines.push(`not-an-email-${i},Ann`);
    for (let i = 0; i < 12; i++) lines.push(`w${i}@example.com,   `);
    const file = join(dir.path, 'members.csv');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const dataset = json<{ id: string }>(await cliHere(['import', file, '--json', ...D])).id;
    const run = (...extra: string[]) =>
      cliHere([
        'run',
        '--dataset',
        dataset,
        '--connection',
        conn.id,
        '--template',
        'coursepath.members.create',
        '--auto',
        '--dry-run',
        ...extra,
        ...D,
      ]);

    const text = await run();
    expect(text.stdout).toMatch(/15 invalid, 12 with warnings\. Nothing was sent\./);
    expect(text.stderr).toMatch(
      /15 rows are invalid and will be skipped:\n( {2}Row \d+: [^\n]+\n){10} {2}and 5 more rows\n/,
    );
    // The same warning on every one of them: said once, with the rows (src-shared/util/rowGroups.ts).
    expect(text.stderr).toContain(
      '12 rows will be sent with warnings:\n  Rows 17–28 (12 rows): Name: only whitespace\n',
    );
    expect(text.stderr).not.toMatch(/Row 18: Name/);

    const plan = JSON.parse((await run('--json')).stdout) as {
      withWarnings: number;
      invalid: { rowNumber: number; message: string }[];
      warnings: { rowNumber: number; message: string }[];
    };
    expect(plan.withWarnings).toBe(12); // the first shape's key, kept
    expect(plan.invalid).toHaveLength(15);
    expect(plan.warnings).toHaveLength(12);
    expect(plan.warnings[0]).toEqual({ rowNumber: 17, message: 'Row 17: Name: only whitespace' });
    expect(plan.warnings.at(-1)!.rowNumber).toBe(28);
    expect(sandbox.ledger.entries().filter((e) => e.method !== 'GET')).toEqual([]);
  });

  it('--auto that matches no column to a required field says so once, and the rows share one line', async () => {
    const dir = (w.dir = tempDir());
    const sandbox = (w.sandbox = await startSandbox({ seed: 63 }));
    const cp = sandbox.credentials.coursepath;
    const D = ['--data-dir', dir.path];
    const conn = json<{ id: string }>(
      await cliHere(
        [
          'connections',
          'add',
          '--api',
          'coursepath',
          '--name',
          'Acme',
          '--base-url',
          cp.baseUrl,
          '--email',
          cp.email,
          '--secret-stdin',
          '--json',
          ...D,
        ],
        cp.apiKey,
      ),
    );
    // No column an email could come from: every one of the 40 rows misses the required email.
    const file = join(dir.path, 'names.csv');
    writeFileSync(
      file,
      `full name,team\n${Array.from({ length: 40 }, (_, i) => `Ann ${i},Red`).join('\n')}\n`,
    );
    const dataset = json<{ id: string }>(await cliHere(['import', file, '--json', ...D])).id;
    const r = await cliHere([
      'run',
      '--dataset',
      dataset,
      '--connection',
      conn.id,
      '--template',
      'coursepath.members.create',
      '--auto',
      '--dry-run',
      ...D,
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `Not matched: Email (email), required: no column of this file matched it, so no row can be sent until it is mapped — in the app, or with --mapping <file.json> (\`bulk-desk mappings auto --dataset ${dataset} --template coursepath.members.create --out mapping.json --data-dir ${dir.path}\` writes one to edit).`,
    );
    expect(r.stderr).toContain(
      '40 rows are invalid and will be skipped:\n  Rows 2–41 (40 rows): Email: is required\n',
    );
    expect(r.stderr).not.toContain('Row 3:');
    expect(r.stderr).not.toContain('more row');

    // `mappings check` names no method and empty address for a row it cannot build.
    const check = await cliHere([
      'mappings',
      'check',
      '--dataset',
      dataset,
      '--connection',
      conn.id,
      '--template',
      'coursepath.members.create',
      '--auto',
      ...D,
    ]);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain('Row 2: no request can be built from it:\n');
    expect(check.stdout).toContain('  ERROR Email: is required\n');
    expect(check.stdout).not.toMatch(/POST \n/);

    // `mappings auto` itself says what to add to the file it writes (pointing at `mappings auto` again
    // went in a circle); a choice is named by its values, none picked for the admin.
    const out = join(dir.path, 'm.json');
    const auto = await cliHere([
      'mappings',
      'auto',
      '--dataset',
      dataset,
      '--template',
      'coassemble.users.delete',
      '--out',
      out,
      ...D,
    ]);
    expect(auto.code, auto.stderr).toBe(0);
    expect(auto.stderr).toContain(
      `Not matched: User identifier (identifier) and Courses of the user (action), required: no column of this file matched them. Add them under "fields" in ${out} before \`run --mapping\`, e.g.:\n` +
        '  "identifier": { "kind": "column", "column": "<a header of the file>" }  (or "kind": "constant" with a "value")\n' +
        '  "action": { "kind": "constant", "value": "<reallocate, delete or ignore>" }\n',
    );
    expect(auto.stderr).not.toContain('mappings auto --dataset');
  });

  it('a screen count of 0 is listed as a warned row (the LMS documents no lower bound); a negative is refused', async () => {
    const dir = (w.dir = tempDir());
    const sandbox = (w.sandbox = await startSandbox({ seed: 62 }));
    const ca = sandbox.credentials.coassemble;
    const D = ['--data-dir', dir.path];
    const conn = json<{ id: string }>(
      await cliHere(
        [
          'connections',
          'add',
          '--api',
          'coassemble',
          '--name',
          'Acme Coassemble',
          '--base-url',
          ca.baseUrl,
          '--workspace-id',
          ca.workspaceId,
          '--secret-stdin',
          '--json',
          ...D,
        ],
        ca.apiKey,
      ),
    );
    const file = join(dir.path, 'courses.csv');
    writeFileSync(
      file,
      'prompt,audience,familiarity,tone,screenCount,identifier\n' +
        'Safety,new hires,beginner,professional,8,author-1\n' +
        'Hygiene,new hires,beginner,professional,0,author-1\n' +
        'Fire drills,new hires,beginner,professional,-2,author-1\n',
    );
    const dataset = json<{ id: string }>(await cliHere(['import', file, '--json', ...D])).id;
    const args = [
      'run',
      '--dataset',
      dataset,
      '--connection',
      conn.id,
      '--template',
      'coassemble.courses.generate',
    ];

    const text = await cliHere([...args, '--auto', '--dry-run', ...D]);
    expect(text.stdout).toMatch(/1 invalid, 1 with warnings\. Nothing was sent\./);
    expect(text.stderr).toContain(
      '1 row will be sent with warnings:\n  Row 3: Screen count: "0" is sent as it is, but the LMS\'s lower bound ' +
        'for it is unknown (not documented), so it may refuse the row\n',
    );
    expect(text.stderr).toMatch(/Row 4: Screen count: "-2" is not a count \(a whole number: digits only\)/);
    const plan = JSON.parse((await cliHere([...args, '--auto', '--dry-run', '--json', ...D])).stdout) as {
      warnings: { rowNumber: number; message: string }[];
    };
    expect(plan.warnings.map((x) => x.rowNumber)).toEqual([3]);
    expect(sandbox.ledger.entries().filter((e) => e.method !== 'GET')).toEqual([]);
  });
});
