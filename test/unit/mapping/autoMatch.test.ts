import { describe, expect, it } from 'vitest';
import { getTemplate } from '../../../src-shared/connectors/catalog';
import { autoMatch } from '../../../src-shared/mapping/autoMatch';

const t = (id: string) => getTemplate(id)!;

describe('autoMatch', () => {
  it('matches by name and synonyms, ignoring case and punctuation', () => {
    const m = autoMatch(t('coursepath.members.create'), [
      'E-mail',
      'Full Name',
      'Organisation',
      'Dept',
      'Employee ID',
      'Shoe size',
    ]);
    expect(m.fields).toEqual({
      email: { kind: 'column', column: 'E-mail', transforms: [{ kind: 'trim' }] },
      name: { kind: 'column', column: 'Full Name' },
      company: { kind: 'column', column: 'Organisation' },
      department: { kind: 'column', column: 'Dept' },
      externalId: { kind: 'column', column: 'Employee ID' },
    });
  });

  it.each([['mail'], ['User email'], ['EMAIL ADDRESS'], ['email'], ['É-mail']])(
    'finds the email in "%s"',
    (header) => {
      expect(autoMatch(t('coursepath.members.create'), [header]).fields.email).toEqual({
        kind: 'column',
        column: header,
        transforms: [{ kind: 'trim' }],
      });
    },
  );

  // Found by a walk-through: a workbook's " hal@example.com" made its row invalid after `--auto` ("add the
  // Trim transform"). An address with spaces around it is never valid, so trimming an email field cannot
  // change a request that would have been sent: the proposal trims it, where the admin sees it.
  it('trims the spaces around an email column it matches, and nothing else', () => {
    const m = autoMatch(t('coursepath.members.create'), ['Email', 'First name'], undefined);
    expect(m.fields.email).toEqual({ kind: 'column', column: 'Email', transforms: [{ kind: 'trim' }] });
    expect(m.fields.firstname).toEqual({ kind: 'column', column: 'First name' });
    const remembered = autoMatch(t('coursepath.members.create'), ['Contact'], { Contact: 'email' });
    expect(remembered.fields.email).toEqual({ kind: 'column', column: 'Contact', transforms: [{ kind: 'trim' }] });
  });

  it('builds the name from first and last name columns', () => {
    const m = autoMatch(t('coursepath.members.create'), ['Given name', 'Surname', 'Mail']);
    expect(m.fields.name).toEqual({
      kind: 'template',
      template: '{Given name} {Surname}',
      transforms: [{ kind: 'trim' }],
    });
    expect(m.fields.email).toEqual({ kind: 'column', column: 'Mail', transforms: [{ kind: 'trim' }] });
    expect(m.fields.firstname).toEqual({ kind: 'column', column: 'Given name' });
    expect(m.fields.lastname).toEqual({ kind: 'column', column: 'Surname' });
  });

  it('remembers what the admin chose for a header last time', () => {
    const m = autoMatch(t('coursepath.members.create'), ['Login', 'Contact'], { Contact: 'email' });
    expect(m.fields.email).toEqual({ kind: 'column', column: 'Contact', transforms: [{ kind: 'trim' }] });
    // A remembered key that is not a field of this template is ignored.
    expect(autoMatch(t('coursepath.groups.add'), ['Contact'], { Contact: 'email' }).fields).toEqual({});
  });

  it('collects metadata columns into key-value entries', () => {
    const m = autoMatch(t('coassemble.users.upsert'), [
      'user_id',
      'Client',
      'metadata.team',
      'meta_region',
      'Name',
    ]);
    expect(m.fields).toEqual({
      identifier: { kind: 'column', column: 'user_id' },
      clientIdentifier: { kind: 'column', column: 'Client' },
      name: { kind: 'column', column: 'Name' },
      metadata: {
        kind: 'keyValue',
        entries: [
          { key: 'team', column: 'metadata.team' },
          { key: 'region', column: 'meta_region' },
        ],
      },
    });
  });

  it('uses each column for one field only, required fields first', () => {
    const m = autoMatch(t('coursepath.courses.enrol'), ['Course ID', 'Member ID']);
    expect(m.fields).toEqual({
      courseId: { kind: 'column', column: 'Course ID' },
      memberId: { kind: 'column', column: 'Member ID' },
    });
    const g = autoMatch(t('coursepath.groups.add'), ['member', 'Group name', 'Name']);
    expect(g.fields.name).toEqual({ kind: 'column', column: 'Group name' });
  });
});
