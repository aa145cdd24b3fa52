// "Progress between two dates" reads each connection's enrolments as a sync saw them. They were gathered
// with rows.push(...all), which throws "Maximum call stack size exceeded" past ~125,000 rows, so the report
// failed for an academy with more enrolments than that. A real SQLite file with 150,000 snapshot rows.
import { describe, expect, it } from 'vitest';
import { snapshotAt } from '../../../src-main/db/reports';
import { useTempDb } from '../../helpers/tempDb';

const N = 150_000;

describe('a sync snapshot larger than a call takes arguments', () => {
  const temp = useTempDb();

  it('snapshotAt reads all 150,000 enrolments of the run', () => {
    const d = temp.open(Infinity);
    d.exec(`
      INSERT INTO connections (id, name, api, base_url, identity_json, created_at)
        VALUES ('c', 'Acme', 'coursepath', 'https://acme.example.com', '{"api":"coursepath","email":"a@acme.test"}', 1);
      INSERT INTO sync_runs (id, connection_id, state, started_at, finished_at) VALUES (1, 'c', 'completed', 10, 20);`);
    const ins = d.prepare(
      `INSERT INTO enrolment_snapshots (run_id, record_id, connection_id, course_id, learner_id, progress, taken_at)
         VALUES (1, ?, 'c', '7', ?, 50, 20)`,
    );
    d.transaction(() => {
      for (let i = 0; i < N; i++) ins.run(String(i).padStart(6, '0'), String(i));
    })();
    const { rows, runs } = snapshotAt(d, 30);
    expect(runs.map((r) => r.id)).toEqual([1]);
    expect(rows).toHaveLength(N);
    expect(rows[N - 1]).toMatchObject({ courseId: '7', learnerId: String(N - 1), progress: 50 });
  });
});
