// A mapping over the browser's keepalive allowance goes, as the page goes, as the change since the
// mapping the page last had answered (mappings.saveWorking's `patch`). Map's whole save before it may
// already be stored, its answer not yet back: the patch is then applied to that save, not to the version
// it was measured from. A field the whole save changed and the later edit set back (to empty, or as it
// was) is not in a change measured from the older version, so the whole save's value stayed: the latest
// edit lost for that field. Here the Map store runs on real Services (test/helpers/clientOnServices.ts).
import { describe, expect, it, vi } from 'vitest';
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
const table = Object.fromEntries(Array.from({ length: 3000 }, (_, i) => [`Department ${i}`, `dept-${i}`]));

describe('a page-leave patch over a whole save stored but not yet answered', () => {
  const temp = useTempServices();

  it('a field the later edit set back to empty, or as it was, is stored as the later edit left it', async () => {
    const s = await temp.open({ sandbox: false });
    bridge.services = s;
    const datasetId = seedDataset(s.db, ['Email', 'Alt', 'Team'], [['a@example.com', 'b@example.com', 'X']]);
    const v0 = await callOk(s, 'mappings.saveWorking', {
      datasetId,
      templateId: TEMPLATE,
      connectionId: null,
      mapping: {
        fields: {
          email: { kind: 'column', column: 'Email' },
          first_name: { kind: 'none' },
          department: { kind: 'column', column: 'Team', transforms: [{ kind: 'map', table }] },
        },
      },
    });
    expect(JSON.stringify(v0.mapping).length).toBeGreaterThan(64 * 1024); // goes as a patch as the page goes
    useDatasetsStore.setState({
      list: [
        { id: datasetId, columns: ['Email', 'Alt', 'Team'], state: 'ready', rowCount: 1, fileName: 'a.csv' },
      ],
      currentId: datasetId,
    });
    await vi.waitFor(() => expect(m.useMappingStore.getState().savedAt).toBe(v0.updatedAt));

    m.setFieldSource('email', { kind: 'column', column: 'Alt' });
    m.setFieldSource('first_name', { kind: 'constant', value: 'Pat' });
    const release = holdNextAnswer();
    const whole = m.saveWorking(); // stored by main; its answer late
    await vi.waitFor(() => expect(bridge.saves).toHaveLength(1));
    // Set back: the column as it was, and the field to empty.
    m.setFieldSource('email', { kind: 'column', column: 'Email' });
    m.setFieldSource('first_name', { kind: 'none' });
    flushWaitingSaves(true);
    await vi.waitFor(() => expect(bridge.saves).toHaveLength(2));
    expect(bridge.saves[1]!.input).toHaveProperty('patch');
    expect(JSON.stringify(bridge.saves[1]!.input).length).toBeLessThan(1024); // still small: the value map is in neither change
    release();
    await whole;

    const stored = await callOk(s, 'mappings.working', { datasetId, templateId: TEMPLATE });
    expect(stored?.mapping.fields.email).toEqual({ kind: 'column', column: 'Email' });
    expect(stored?.mapping.fields.first_name).toEqual({ kind: 'none' });
    expect(stored?.mapping).toStrictEqual(m.useMappingStore.getState().mapping);
  });
});
