// The destructive guard: every template that deletes, unenrols, removes or overwrites learner data asks
// for a phrase at any row count, naming the count, the thing and the connection.
import { describe, expect, it } from 'vitest';
import { TEMPLATES } from '../../../src-shared/connectors/catalog';
import { confirmationPhrase, consequenceOf, isConfirmed } from '../../../src-shared/runner/confirmGuard';

const tpl = (id: string) => TEMPLATES.find((t) => t.id === id)!;

describe('destructive guard', () => {
  it('names the count, the thing and the connection, at any row count (1 included)', () => {
    expect(confirmationPhrase(tpl('coassemble.courses.delete'), 3, 'Acme Production')).toBe(
      'DELETE 3 courses on Acme Production',
    );
    expect(confirmationPhrase(tpl('coassemble.courses.delete'), 1, 'Acme Production')).toBe(
      'DELETE 1 course on Acme Production',
    );
    expect(confirmationPhrase(tpl('coursepath.courses.unenrol'), 2, 'Acme')).toBe('REMOVE 2 course enrolments on Acme');
    expect(confirmationPhrase(tpl('coassemble.users.upsert'), 300, 'Acme')).toBe('OVERWRITE 300 users on Acme');
  });

  it('asks nothing for a template that only adds, or when no row would go', () => {
    expect(confirmationPhrase(tpl('coursepath.members.create'), 1000, 'Acme')).toBeNull();
    expect(confirmationPhrase(tpl('coassemble.courses.delete'), 0, 'Acme')).toBeNull();
  });

  it('marks every template that deletes, unenrols, removes or overwrites, and words each of them', () => {
    const destructive = TEMPLATES.filter((t) => t.danger === 'destructive').map((t) => t.id);
    expect(destructive.sort()).toEqual(
      [
        'coassemble.clients.delete',
        'coassemble.clients.upsert',
        'coassemble.courses.delete',
        'coassemble.courses.revert',
        'coassemble.trackings.delete',
        'coassemble.translations.delete',
        'coassemble.translations.sync',
        'coassemble.users.delete',
        'coassemble.users.upsert',
        'coursepath.courses.unenrol',
        'coursepath.groups.remove',
        'coursepath.groups.removeAll',
        'coursepath.members.update',
        'coursepath.members.upsert',
        'coursepath.programs.remove',
      ].sort(),
    );
    for (const id of destructive) expect(consequenceOf(tpl(id))?.many, id).not.toBe('rows');
  });

  it('ignores case, punctuation and spacing, not the words or the number', () => {
    const phrase = 'DELETE 3 courses on Sandbox · Coassemble';
    expect(isConfirmed(phrase, ' delete 3 COURSES on sandbox coassemble ')).toBe(true);
    expect(isConfirmed(phrase, 'DELETE 30 courses on Sandbox · Coassemble')).toBe(false);
    expect(isConfirmed(phrase, 'DELETE 3 courses on Acme')).toBe(false);
    expect(isConfirmed(phrase, undefined)).toBe(false);
    expect(isConfirmed(null, undefined)).toBe(true);
  });
});
