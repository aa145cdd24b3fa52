// The destructive guard: every template that deletes, unenrols, removes or overwrites learner data asks
// for a phrase at any row count, naming the count, the thing and the connection.
import { describe, expect, it } from 'vitest';
import { TEMPLATES } from '../../../src-shared/connectors/catalog';
import type { ConnectionIdentity } from '../../../src-shared/contract/api';
import {
  confirmationPhrase,
  connectionInPhrase,
  consequenceOf,
  isConfirmed,
  samePhraseName,
} from '../../../src-shared/runner/confirmGuard';

const tpl = (id: string) => TEMPLATES.find((t) => t.id === id)!;

describe('destructive guard', () => {
  it('names the count, the thing and the connection, at any row count (1 included)', () => {
    expect(confirmationPhrase(tpl('coassemble.courses.delete'), 3, 'Acme Production')).toBe(
      'DELETE 3 courses on Acme Production',
    );
    expect(confirmationPhrase(tpl('coassemble.courses.delete'), 1, 'Acme Production')).toBe(
      'DELETE 1 course on Acme Production',
    );
    expect(confirmationPhrase(tpl('coursepath.courses.unenrol'), 2, 'Acme')).toBe(
      'REMOVE 2 course enrolments on Acme',
    );
    expect(confirmationPhrase(tpl('coassemble.users.upsert'), 300, 'Acme')).toBe(
      'OVERWRITE 300 users on Acme',
    );
    expect(confirmationPhrase(tpl('coassemble.courses.publish'), 4, 'Acme')).toBe(
      'PUBLISH 4 courses on Acme',
    );
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
        // Learners see the draft at once, and Coassemble has no unpublish (evidence.md): it asks.
        'coassemble.courses.publish',
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

  it('counts two connection names as one when the phrase cannot tell them apart', () => {
    expect(samePhraseName('Acme Coassemble', 'acme coassemble!')).toBe(true);
    expect(samePhraseName('Sandbox · Coassemble', ' sandbox  COASSEMBLE ')).toBe(true);
    expect(samePhraseName('Acme Coassemble', 'Acme Coassemble 2')).toBe(false);
  });

  describe('the connection in the phrase', () => {
    const ws = (workspaceId: string): ConnectionIdentity => ({
      api: 'coassemble',
      scheme: 'workspace',
      workspaceId,
    });
    const conn = (id: string, name: string, baseUrl: string, identity: ConnectionIdentity = ws('1')) => ({
      id,
      name,
      baseUrl,
      identity,
    });

    it('is the plain name when no other connection reads the same', () => {
      const a = conn('a', 'Acme Coassemble', 'https://acme.coassemble.com');
      const all = [a, conn('b', 'Acme Staging', 'https://acme-2.coassemble.com')];
      expect(connectionInPhrase(a, all)).toBe('Acme Coassemble');
      expect(connectionInPhrase(a, [a])).toBe('Acme Coassemble');
    });

    it('adds the host when another connection has the same name in other case or punctuation', () => {
      const a = conn('a', 'Acme Coassemble', 'https://acme.coassemble.com/');
      const b = conn('b', 'acme coassemble!', 'https://acme-2.coassemble.com');
      const all = [a, b];
      const pa = confirmationPhrase(tpl('coassemble.courses.delete'), 3, connectionInPhrase(a, all));
      const pb = confirmationPhrase(tpl('coassemble.courses.delete'), 3, connectionInPhrase(b, all));
      expect(pa).toBe('DELETE 3 courses on Acme Coassemble (acme.coassemble.com)');
      expect(pb).toBe('DELETE 3 courses on acme coassemble! (acme-2.coassemble.com)');
      // The phrase typed for one no longer confirms the other.
      expect(isConfirmed(pb, pa!)).toBe(false);
      expect(isConfirmed(pa, 'delete 3 courses on acme coassemble')).toBe(false);
      expect(isConfirmed(pa, 'delete 3 courses on acme coassemble acme coassemble com')).toBe(true);
    });

    it('adds the account as well when the twins share the host (every Coassemble workspace is at api.coassemble.com)', () => {
      const a = conn('a', 'Acme', 'https://api.coassemble.com', ws('111'));
      const b = conn('b', 'ACME', 'https://api.coassemble.com', ws('222'));
      const c = conn('c', 'acme.', 'https://eu.example.com', {
        api: 'coursepath',
        email: 'admin@acme.example',
      });
      const all = [a, b, c];
      expect(connectionInPhrase(a, all)).toBe('Acme (api.coassemble.com, workspace 111)');
      expect(connectionInPhrase(b, all)).toBe('ACME (api.coassemble.com, workspace 222)');
      expect(connectionInPhrase(c, all)).toBe('acme. (eu.example.com)');
      const phrases = all.map((x) =>
        confirmationPhrase(tpl('coassemble.users.delete'), 2, connectionInPhrase(x, all)),
      );
      for (const p of phrases) expect(phrases.filter((q) => isConfirmed(p, q!))).toHaveLength(1);
    });

    it('keeps a path in the address, which may be what tells two LMSs apart', () => {
      const a = conn('a', 'Acme', 'https://lms.example.com/acme');
      const b = conn('b', 'Acme', 'https://lms.example.com/other', ws('2'));
      expect(connectionInPhrase(a, [a, b])).toBe('Acme (lms.example.com/acme)');
    });
  });
});
