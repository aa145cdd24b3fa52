// Which of two saves of a working mapping is the newer must not depend on the renderer's clock agreeing
// with main's. Map's whole save (slow: its answer comes late) stores first; the edit made after it goes
// as the page goes and lands second. It used to be judged by when the screen made it (`madeAt`, the
// renderer's clock) against the stored version's time (main's, at least one more than the last): with
// the renderer's clock an hour behind main's, the later edit was refused as older than what was stored,
// and the edit lost. Here the Map store runs on real Services (test/helpers/clientOnServices.ts), and
// only the renderer's clock is set back: main took its clock (`now: Date.now`) when it was made.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Mapping } from '../../../src-shared/mapping/types';
import { bridge, holdNextAnswer, mapStore } from '../../helpers/clientOnServices';
import { callOk } from '../../helpers/callOk';
import { seedDataset } from '../../helpers/seedDataset';
import { useTempServices } from '../../helpers/tempServices';

vi.mock(
  '../../../src-renderer/api/client',
  async () => (await import('../../helpers/clientOnServices')).client,
);

const m = await mapStore();
const { useDatasetsStore, flushWaitingSaves } = m;

const TEMPLATE = 'coursepath.members.create';
const HOUR = 60 * 60 * 1000;

describe('saves of a working mapping with the renderer clock unlike main', () => {
  const temp = useTempServices();
  afterEach(() => vi.restoreAllMocks());

  it.each([
    ['an hour behind', -HOUR],
    ['an hour ahead', HOUR],
  ])(
    'renderer clock %s: the edit made after the slow whole save is stored, whichever clock',
    async (_, skew) => {
      const s = await temp.open({ sandbox: false });
      bridge.services = s;
      bridge.saves.length = 0;
      const datasetId = seedDataset(s.db, ['Email', 'Name', 'Team'], [['a@example.com', 'A', 'X']]);
      const first: Mapping = { fields: { email: { kind: 'column', column: 'Email' } } };
      const v0 = await callOk(s, 'mappings.saveWorking', {
        datasetId,
        templateId: TEMPLATE,
        connectionId: null,
        mapping: first,
      });
      const realNow = Date.now;
      vi.spyOn(Date, 'now').mockImplementation(() => realNow() + skew);

      useDatasetsStore.setState({
        list: [
          {
            id: datasetId,
            columns: ['Email', 'Name', 'Team'],
            state: 'ready',
            rowCount: 1,
            fileName: 'a.csv',
          },
        ],
        currentId: datasetId,
      });
      await vi.waitFor(() => expect(m.useMappingStore.getState().savedAt).toBe(v0.updatedAt));

      m.setFieldSource('first_name', { kind: 'column', column: 'Name' });
      const release = holdNextAnswer();
      const whole = m.saveWorking(); // stored by main; its answer late
      await vi.waitFor(() => expect(bridge.saves).toHaveLength(1));
      m.setFieldSource('last_name', { kind: 'constant', value: 'Smith' });
      flushWaitingSaves(true); // the page goes: the later edit is sent now
      await vi.waitFor(() => expect(bridge.saves).toHaveLength(2));
      release();
      await whole;

      const onScreen = m.useMappingStore.getState().mapping;
      expect(onScreen.fields.last_name).toEqual({ kind: 'constant', value: 'Smith' });
      expect(bridge.saves.map((x) => x.ok)).toEqual([true, true]);
      const stored = await callOk(s, 'mappings.working', { datasetId, templateId: TEMPLATE });
      expect(stored?.mapping).toStrictEqual(onScreen);
      expect(m.useMappingStore.getState().saveError).toBeNull();
      // Versions are main's: its own clock, not the renderer's.
      expect(Math.abs(stored!.updatedAt - realNow())).toBeLessThan(60_000);
    },
  );
});
