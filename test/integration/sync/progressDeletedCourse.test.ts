// "Progress between two dates" across a course deletion, over a real sync of the sandbox: the course the
// LMS deleted between the two syncs keeps its row (marked deleted, its first-date figures, nothing
// counted as new) and a note names it — it used to vanish without a word.
import { describe, expect, it } from 'vitest';
import { SANDBOX_COASSEMBLE_ID } from '../../../src-main/services';
import { callOk } from '../../helpers/callOk';
import { useTempServices } from '../../helpers/tempServices';

describe('progress between two dates, a course deleted in between', () => {
  const temp = useTempServices();

  it('keeps the deleted course as a marked row with its first-date figures, and names it in a note', async () => {
    const s = await temp.open({ sandbox: { seed: 4, coassembleLimit: null }, sync: { rateLimit: null } });
    const sync = async () => {
      await callOk(s, 'sync.start', { connectionIds: [SANDBOX_COASSEMBLE_ID] });
      expect(await s.sync.whenDone(SANDBOX_COASSEMBLE_ID)).toBe('completed');
    };
    await sync();
    const first = Date.now();
    // The course with the most trackings, and its figures as the first sync stored them.
    const course = s.db
      .prepare(
        `SELECT e.course_id AS id, c.title AS title, COUNT(*) AS enrolled, COUNT(e.completed_at) AS completed
         FROM synced_enrolments e JOIN synced_courses c ON c.connection_id = e.connection_id AND c.course_id = e.course_id
         WHERE e.connection_id = ? GROUP BY e.course_id ORDER BY enrolled DESC LIMIT 1`,
      )
      .get(SANDBOX_COASSEMBLE_ID) as { id: string; title: string; enrolled: number; completed: number };
    expect(course.completed).toBeGreaterThan(0);
    const { workspaceId, apiKey } = s.sandbox!.credentials.coassemble;
    const del = await fetch(`${s.sandbox!.url}/api/v1/headless/course/${course.id}`, {
      method: 'DELETE',
      headers: { Authorization: `COASSEMBLE:${workspaceId}:${apiKey}` },
    });
    expect(del.status).toBe(200);
    await new Promise((r) => setTimeout(r, 5)); // the second sync finishes strictly after `first`
    await sync();

    const v = await callOk(s, 'reports.run', { name: 'progressOverTime', from: first, to: Date.now() });
    const row = v.tables[0]!.rows.find((r) => r.title === `${course.title} (deleted)`);
    expect(row).toMatchObject({
      enrolledFrom: course.enrolled,
      completedFrom: course.completed,
      enrolledTo: null,
      completedTo: null,
      newCompletions: null,
    });
    expect(v.notes.join('\n')).toContain(`Sandbox · Coassemble: “${course.title}” was deleted in the LMS`);
    // The other courses compare as before: nothing changed for them.
    const others = v.tables[0]!.rows.filter((r) => r !== row);
    expect(others.every((r) => r.newCompletions === 0)).toBe(true);
  });
});
