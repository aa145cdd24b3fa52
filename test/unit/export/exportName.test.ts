// The name History suggests for a job's export: the file's name, then when the job was made, as the
// admin's clock (History's own column) says it, date and time apart.
import { describe, expect, it } from 'vitest';
import { exportStem } from '../../../src-shared/export/exportName';

describe('exportStem', () => {
  it('the file without its extension, then the local date and the time, a dash between', () => {
    const at = new Date(2026, 11, 3, 23, 46, 30).getTime(); // 3 Dec 2026, 11:46 PM on this machine
    expect(exportStem('sample-users.csv', at)).toBe('sample-users-2026-12-03-2346');
  });

  it('a name a file system would refuse is made safe; no name at all is "job"', () => {
    const at = new Date(2026, 0, 5, 7, 5).getTime();
    expect(exportStem('undo of 0b08fb9b (enrol.xlsx)', at)).toBe('undo_of_0b08fb9b_enrol-2026-01-05-0705');
    expect(exportStem('.csv', at)).toBe('job-2026-01-05-0705');
  });
});
