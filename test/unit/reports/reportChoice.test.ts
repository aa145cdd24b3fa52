// The choices on Reports kept from before, read against what is synced now: a course or sync run gone since
// a new sync is dropped (not sent to a report that cannot find it), the rest stay; lists not read keep all.
import { describe, expect, it } from 'vitest';
import { choiceNames, droppedChoices, droppedSentence, stillThere } from '../../../src-shared/reports/reportChoice';

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

// A choice dropped because what it named is gone is said on screen, naming each: by the name it had when
// chosen (kept with the choice), else by what is left of it (a course's id, a sync run's number).
describe('droppedChoices and droppedSentence', () => {
  const kept = {
    complianceKeys: ['cp:1', 'co:9', 'cp:2'],
    fromRunId: 3,
    toRunId: 7,
    names: {
      'co:9': '“Old onboarding” (Acme · Coassemble)',
      'run:3': '5 Dec 2026, 05:02 · Acme · Coassemble',
    },
  };

  it('names each course and sync run dropped, by the name kept when it was chosen', () => {
    const dropped = droppedChoices(kept, { complianceKeys: ['cp:1', 'cp:2'], fromRunId: null });
    expect(dropped).toStrictEqual([
      { kind: 'course', name: '“Old onboarding” (Acme · Coassemble)' },
      { kind: 'from', name: '5 Dec 2026, 05:02 · Acme · Coassemble' },
    ]);
    expect(droppedSentence(dropped)).toBe(
      'Gone since the last sync, so no longer chosen: “Old onboarding” (Acme · Coassemble), ' +
        'a course everyone must complete (Training compliance); the sync of 5 Dec 2026, 05:02 · Acme · Coassemble ' +
        'as “From” (now: when every connection was first synced).',
    );
  });

  it('a choice kept without names (before they were kept) is named by what is left of it', () => {
    const dropped = droppedChoices({ ...kept, names: undefined }, { complianceKeys: ['co:9'], toRunId: null });
    expect(dropped).toStrictEqual([
      { kind: 'course', name: 'the course with id 1 (connection cp)' },
      { kind: 'course', name: 'the course with id 2 (connection cp)' },
      { kind: 'to', name: 'sync run 7' },
    ]);
    expect(droppedSentence(dropped)).toContain('the sync of sync run 7 as “To” (now: the latest sync)');
  });

  it('nothing dropped: nothing to say', () => {
    expect(droppedChoices(kept, {})).toStrictEqual([]);
    expect(droppedSentence([])).toBeNull();
  });
});

describe('choiceNames', () => {
  it('keeps the name of each course and sync run chosen now, from the lists, else as kept; no other', () => {
    const names = choiceNames(
      { complianceKeys: ['co:9', 'cp:1'], fromRunId: 3, toRunId: null, names: { 'co:9': 'Old', 'cp:5': 'Gone' } },
      [{ key: 'cp:1', title: 'Fire safety', source: 'Acme · Coursepath' }],
      [{ id: 3, finishedAt: Date.UTC(2026, 11, 5, 5, 2), connectionName: 'Acme · Coassemble' }],
      (at) => new Date(at).toISOString(),
    );
    expect(names).toStrictEqual({
      'co:9': 'Old',
      'cp:1': '“Fire safety” (Acme · Coursepath)',
      'run:3': '2026-12-05T05:02:00.000Z · Acme · Coassemble',
    });
  });
});
