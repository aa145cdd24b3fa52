// The choices on Reports kept from before, read against what is synced now: a course or sync run gone since
// a new sync is dropped (not sent to a report that cannot find it), the rest stay; lists not read keep all.
import { describe, expect, it } from 'vitest';
import { stillThere } from '../../../src-shared/reports/reportChoice';

describe('stillThere', () => {
  const choice = { complianceKeys: ['cp:1', 'co:9', 'cp:2'], fromRunId: 3, toRunId: 7 };

  it('drops the courses and runs no longer synced, keeps the others', () => {
    expect(stillThere(choice, [{ key: 'cp:1' }, { key: 'cp:2' }], [{ id: 3 }, { id: 8 }])).toStrictEqual({
      complianceKeys: ['cp:1', 'cp:2'],
      toRunId: null,
    });
  });

  it('changes nothing when all are still there, or when the lists could not be read', () => {
    expect(stillThere(choice, [{ key: 'cp:1' }, { key: 'co:9' }, { key: 'cp:2' }], [{ id: 3 }, { id: 7 }])).toStrictEqual({});
    expect(stillThere(choice, null, null)).toStrictEqual({});
  });

  it('drops everything chosen when nothing is synced any more', () => {
    expect(stillThere(choice, [], [])).toStrictEqual({ complianceKeys: [], fromRunId: null, toRunId: null });
  });
});
