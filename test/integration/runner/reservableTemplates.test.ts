// Which templates' rows the runner may reserve ahead (mark `sending` before a slot frees): only those whose
// rows, left in doubt by a crash, settle without the admin — a reserved row that never left must not end
// up waiting for a human decision. Pure logic; no real part is needed.
import { describe, expect, it } from 'vitest';
import { getTemplate } from '../../../src-shared/connectors/catalog';
import { settlesInDoubtAlone } from '../../../src-main/runner/reconcilers';

const t = (id: string) => {
  const template = getTemplate(id);
  if (!template) throw new Error(`no template ${id}`);
  return template;
};

describe('rows reserved ahead', () => {
  it('idempotent calls (sent again) and creates with a lookup, yes', () => {
    expect(settlesInDoubtAlone(t('coursepath.courses.enrol'))).toBe(true);
    expect(settlesInDoubtAlone(t('coursepath.members.create'))).toBe(true);
  });

  it('an invitation (its read rests on an unconfirmed field) and a signed URL (edit rows are held), no', () => {
    expect(settlesInDoubtAlone(t('coursepath.members.invite'))).toBe(false);
    expect(settlesInDoubtAlone(t('coassemble.courses.signedUrl'))).toBe(false);
  });
});
