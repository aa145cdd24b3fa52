// Compliance on a required course that was deleted in the LMS (a soft-deleted Coassemble course: synced,
// kept for lookups, left out of the reports). The note must say it was deleted, with its title — not
// "Not in the synced catalog (sync again?)", which sends the admin to sync again, which changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, SANDBOX_COASSEMBLE_ID, type Services } from '../../../src-main/services';
import { callOk } from '../../helpers/callOk';
import { sandboxState } from '../../helpers/sandboxState';
import { tempDir } from '../../helpers/tempDir';

describe('compliance with a required course deleted in the LMS', () => {
  let s: Services;
  let dir: ReturnType<typeof tempDir>;
  let deleted: { id: number; title: string };
  let live: { id: number; title: string };
  beforeAll(async () => {
    dir = tempDir();
    const scaled = { requests: 100, windowMs: 1000 };
    s = await createServices({ dataDir: dir.path, sandbox: { seed: 21, coassembleLimit: scaled }, sync: { rateLimit: scaled } });
    await callOk(s, 'sync.start', { connectionIds: [SANDBOX_COASSEMBLE_ID] });
    expect(await s.sync.whenDone(SANDBOX_COASSEMBLE_ID)).toBe('completed');
    const state = (await sandboxState(s.sandbox!.url)) as unknown as {
      coassemble: { courses: { id: number; title: string; deleted: string | null }[] };
    };
    deleted = state.coassemble.courses.find((c) => c.deleted)!;
    live = state.coassemble.courses.find((c) => !c.deleted)!;
    expect(deleted).toBeDefined();
  });
  afterAll(async () => {
    await s.close();
    dir.remove();
  });
  const key = (id: number) => `${SANDBOX_COASSEMBLE_ID}:${id}`;

  it('beside a live course: the note names the deleted course by title and says it was deleted', async () => {
    const v = await callOk(s, 'reports.run', { name: 'compliance', by: 'client', courseKeys: [key(live.id), key(deleted.id)] });
    const notes = v.notes.join('\n');
    expect(notes).toContain(`“${deleted.title}” (${key(deleted.id)}) was deleted in the LMS`);
    expect(notes).not.toContain('sync again?');
  });

  it('alone: nothing could be judged, because it was deleted — not "sync again"', async () => {
    const v = await callOk(s, 'reports.run', { name: 'compliance', by: 'client', courseKeys: [key(deleted.id)] });
    expect(v.tables.every((t) => t.rows.length === 0)).toBe(true);
    const notes = v.notes.join('\n');
    expect(notes).toContain('Nothing could be judged');
    expect(notes).toContain(`“${deleted.title}” (${key(deleted.id)}) was deleted in the LMS`);
    expect(notes).not.toContain('in the synced catalog');
  });
});
