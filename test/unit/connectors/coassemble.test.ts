// One test per Coassemble template (the sixteen of seed 000): a sample row, and the exact method, URL and
// body from shared/reference/coassemble-api.md.
import { describe, expect, it } from 'vitest';
import { getTemplate, templatesFor } from '../../../src-shared/connectors/catalog';
import { checkCase, type TemplateCase } from './templateCase';

const H = '/api/v1/headless';

const cases: TemplateCase[] = [
  {
    id: 'coassemble.courses.signedUrl',
    row: {
      action: 'view',
      courseId: '4321',
      identifier: 'user_123',
      clientIdentifier: 'client_9',
      options: '{"back":"event"}',
    },
    method: 'POST',
    url: `${H}/embed/course`,
    body: '{"action":"view","courseId":4321,"identifier":"user_123","clientIdentifier":"client_9","options":{"back":"event"}}',
  },
  {
    id: 'coassemble.courses.generate',
    row: {
      prompt: 'Workplace safety',
      audience: 'new hires',
      familiarity: 'beginner',
      tone: 'professional',
      screenCount: '8',
      identifier: 'author-1',
    },
    method: 'POST',
    url: `${H}/generate/course`,
    body: '{"prompt":"Workplace safety","audience":"new hires","familiarity":"beginner","tone":"professional","screenCount":8,"identifier":"author-1"}',
  },
  {
    id: 'coassemble.courses.duplicate',
    row: { courseId: '12345', identifier: 'u1', clientIdentifier: 'c1' },
    method: 'POST',
    url: `${H}/course/12345/duplicate`,
    body: '{"identifier":"u1","clientIdentifier":"c1"}',
  },
  {
    id: 'coassemble.courses.publish',
    row: { courseId: '12345' },
    method: 'POST',
    url: `${H}/course/12345/publish`,
    body: '{}',
  },
  {
    id: 'coassemble.courses.revert',
    row: { courseId: '12345' },
    method: 'POST',
    url: `${H}/course/12345/revert`,
    body: '{}',
  },
  {
    id: 'coassemble.courses.delete',
    row: { courseId: '12345' },
    method: 'DELETE',
    url: `${H}/course/12345`,
    body: null,
  },
  {
    id: 'coassemble.courses.restore',
    row: { courseId: '12345' },
    method: 'POST',
    url: `${H}/course/12345/restore`,
    body: '{}',
  },
  {
    id: 'coassemble.clients.upsert',
    row: { identifier: 'acme', plan: 'gold', region: 'EU' },
    mapping: {
      plan: { kind: 'none' },
      region: { kind: 'none' },
      metadata: {
        kind: 'keyValue',
        entries: [
          { key: 'plan', column: 'plan' },
          { key: 'region', column: 'region' },
        ],
      },
    },
    method: 'PUT',
    url: `${H}/client/acme`,
    body: '{"metadata":{"plan":"gold","region":"EU"}}',
  },
  {
    id: 'coassemble.clients.delete',
    row: { identifier: 'acme corp' },
    method: 'DELETE',
    url: `${H}/client/acme%20corp`,
    body: null,
  },
  {
    id: 'coassemble.users.upsert',
    row: { identifier: 'user_123', clientIdentifier: 'acme', name: 'Ann' },
    method: 'PUT',
    url: `${H}/user/user_123`,
    body: '{"clientIdentifier":"acme","name":"Ann"}',
  },
  {
    id: 'coassemble.users.delete',
    row: { identifier: 'user_123', action: 'reallocate', reallocateTo: 'user_9' },
    method: 'DELETE',
    url: `${H}/user/user_123?action=reallocate&reallocateTo=user_9`,
    body: null,
  },
  {
    id: 'coassemble.trackings.delete',
    row: { id: '4321', identifier: 'user_123' },
    method: 'DELETE',
    url: `${H}/tracking`,
    body: 'id=4321&identifier=user_123', // documented as "FormData properties" (issue 14, #7)
  },
  {
    id: 'coassemble.translations.create',
    row: { courseId: '4321', language: 'es-ES' },
    method: 'POST',
    url: `${H}/translation/translate/4321`,
    body: '{"language":"es-ES"}',
  },
  {
    id: 'coassemble.translations.setDefault',
    row: { courseId: '4321', language: 'fr' },
    method: 'POST',
    url: `${H}/translation/default/4321/fr`,
    body: '{}',
  },
  {
    id: 'coassemble.translations.sync',
    row: { courseId: '4321', language: 'fr' },
    method: 'POST',
    url: `${H}/translation/sync/4321/fr`,
    body: '{}',
  },
  {
    id: 'coassemble.translations.delete',
    row: { courseId: '4321', language: 'fr' },
    method: 'DELETE',
    url: `${H}/translation/4321/fr`,
    body: null,
  },
];

describe('Coassemble templates', () => {
  it.each(cases.map((c) => [c.id, c] as const))('%s builds the documented request', (_id, c) => checkCase(c));

  it('has a case for every Coassemble template', () => {
    const covered = new Set(cases.map((c) => c.id));
    expect(templatesFor('coassemble').filter((t) => !covered.has(t.id))).toEqual([]);
  });

  // shared/reference/evidence.md: "Revert goes back to the published version (MC's docblock)".
  it('revert says it goes back to the published version; publish does not offer revert as its undo', () => {
    const revert = getTemplate('coassemble.courses.revert')!.description;
    expect(revert).toMatch(/back to (the|its) published version/);
    expect(revert).not.toMatch(/disagree/i);
    const publish = getTemplate('coassemble.courses.publish')!.description;
    expect(publish).not.toMatch(/undo with/i);
    expect(publish).toMatch(/no unpublish/i);
  });
});
