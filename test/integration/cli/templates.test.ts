// `templates list` and `templates show`: what an admin reads to know which calls exist. The manual
// configuration (coassemble.manual) is one of them, though it is no catalog template (its call and fields
// come from the admin's settings and the file's columns): found by an audit, the list left it out.
import { describe, expect, it } from 'vitest';
import { TEMPLATES } from '../../../src-shared/connectors/catalog';
import { cliHere } from './runCliHere';

interface Listed {
  id: string;
  api: string;
  method: string | null;
  path: string | null;
  name: string;
  manual?: boolean;
  fields: { key: string }[];
}

describe('bulk-desk templates', () => {
  it('list shows the manual configuration, marked manual, in text and --json (the catalog entries as they were)', async () => {
    const text = await cliHere(['templates', 'list']);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(
      /^coassemble\.manual +POST\|PUT\|DELETE +\S.* Coassemble: manual configuration \(manual\)$/m,
    );
    // Destructive entries keep their marker; none of them is marked manual.
    expect(text.stdout).toMatch(/^coassemble\.courses\.delete .*\(destructive\)$/m);
    expect(text.stdout.match(/\(manual\)/g)).toHaveLength(1);

    const coassemble = JSON.parse(
      (await cliHere(['templates', 'list', '--api', 'coassemble', '--json'])).stdout,
    ) as Listed[];
    expect(coassemble.map((t) => t.id)).toEqual([
      ...TEMPLATES.filter((t) => t.api === 'coassemble').map((t) => t.id),
      'coassemble.manual',
    ]);
    const manual = coassemble.at(-1)!;
    expect(manual).toMatchObject({ api: 'coassemble', manual: true, method: null, path: null, fields: [] });
    // The catalog entries keep their shape: the template object as it is, with nothing renamed.
    expect(coassemble[0]).toEqual(JSON.parse(JSON.stringify(TEMPLATES.find((t) => t.api === 'coassemble'))));

    const coursepath = JSON.parse(
      (await cliHere(['templates', 'list', '--api', 'coursepath', '--json'])).stdout,
    ) as Listed[];
    expect(coursepath.some((t) => t.manual)).toBe(false);

    const fields = await cliHere(['templates', 'list', '--api', 'coassemble', '--fields']);
    expect(fields.stdout).toMatch(
      /^coassemble\.manual {2}POST\|PUT\|DELETE .*\n {2}Coassemble: manual configuration \(manual\)\n {4}.*column/m,
    );
  });

  it('show describes one template: a catalog one with its fields, the manual one with how it is set', async () => {
    const generate = await cliHere(['templates', 'show', 'coassemble.courses.generate']);
    expect(generate.code, generate.stderr).toBe(0);
    expect(generate.stdout).toContain('coassemble.courses.generate  POST /api/v1/headless/generate/course\n');
    expect(generate.stdout).toMatch(/^ {4}screenCount +integer +required +Screen count$/m);

    // An enum's choices, each with what it does: "Courses of the user" has no default an admin could
    // guess, and a mapping must name one (found by a walk-through: show listed only "enum required").
    const deleteUser = await cliHere(['templates', 'show', 'coassemble.users.delete']);
    expect(deleteUser.stdout).toMatch(
      /^ {4}action +enum +required +Courses of the user\n +"reallocate" +Their courses move/m,
    );
    expect(deleteUser.stdout).toMatch(
      /^ +"delete" +Their courses are deleted with them: learners lose those courses/m,
    );

    const manual = await cliHere(['templates', 'show', 'coassemble.manual']);
    expect(manual.code, manual.stderr).toBe(0);
    expect(manual.stdout).toContain('coassemble.manual  POST|PUT|DELETE');
    expect(manual.stdout).toContain('Coassemble: manual configuration (manual)');
    expect(manual.stdout).toContain('"manual"'); // where it is set: the mapping's "manual" object
    const asJson = JSON.parse(
      (await cliHere(['templates', 'show', 'coassemble.manual', '--json'])).stdout,
    ) as Listed;
    expect(asJson).toMatchObject({ id: 'coassemble.manual', manual: true });

    const unknown = await cliHere(['templates', 'show', 'coassemble.nope']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('No template with id coassemble.nope (see: bulk-desk templates list).');
  });
});
