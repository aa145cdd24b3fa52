import { describe, expect, it } from 'vitest';
import { defaultProgressFrom } from '../../../src-shared/reports/progressOverTime';
import { unavailableNotes } from '../../../src-shared/reports/unavailableNotes';

describe('reports: the default first date and the notes about lists the LMS would not give', () => {
  it('the first date defaults to when every connection had been synced once', () => {
    expect(defaultProgressFrom([])).toBeNull();
    expect(
      defaultProgressFrom([
        { connectionId: 'a', finishedAt: 500 },
        { connectionId: 'b', finishedAt: 300 },
        { connectionId: 'a', finishedAt: 100 },
      ]),
    ).toBe(300);
  });

  it('says a list is missing once, on the reports that read it', () => {
    const lists = [
      {
        source: 'Acme · Coassemble',
        entity: 'coassemble.screenTypes' as const,
        scope: '',
        note: 'Not available: HTTP 404: Cannot GET /api/v1/headless/screen-types',
      },
      {
        source: 'Acme · Coassemble',
        entity: 'coassemble.clients' as const,
        scope: '',
        note: 'Not available: HTTP 403: Forbidden',
      },
      {
        source: 'Acme · Coassemble',
        entity: 'coassemble.users' as const,
        scope: '',
        note: 'Not available: HTTP 403: Forbidden',
      },
    ];
    expect(unavailableNotes('completionRate', lists)).toEqual([]);
    // Content formats loses nothing without the screen types list: each screen names its own type. The note
    // says so, rather than that the types it shows are "left out".
    expect(unavailableNotes('contentFormats', lists)).toEqual([
      'Acme · Coassemble: the screen types list is not offered to this key (the API answers 404), so each screen is counted under its own type.',
    ]);
    expect(unavailableNotes('compliance', lists)).toEqual([
      'Acme · Coassemble: clients and users are not offered to this key (the API answers 403), so they are left out.',
    ]);
  });
});
