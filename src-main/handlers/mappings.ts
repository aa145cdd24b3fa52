// mappings.*: saved mappings (presets) per template, and the working mapping per dataset and template
// (saved as the admin edits it), in SQLite; desk.*: which import the admin was working on.
import { getTemplate } from '../../src-shared/connectors/catalog';
import { checkManualConfig, MANUAL_TEMPLATE_ID } from '../../src-shared/connectors/customTemplate';
import { AppError } from '../../src-shared/contract/errors';
import { applyMappingPatch, type MappingPart } from '../../src-shared/mapping/mappingPatch';
import type { Mapping } from '../../src-shared/mapping/types';
import { nextVersion, staleSave, type MadeBy } from '../../src-shared/mapping/workingVersion';
import { getConnection } from '../db/connections';
import { getDatasetAnyState } from '../db/datasets';
import { deleteSavedMapping, listSavedMappings, saveMapping } from '../db/savedMappings';
import { findWorkingMapping, getDeskState, saveDeskState, saveWorkingMapping } from '../db/workingState';
import type { HandlerContext } from './context';
import type { Handlers } from './types';

const templateName = (templateId: string): string =>
  templateId === MANUAL_TEMPLATE_ID ? 'the manual configuration' : (getTemplate(templateId)?.name ?? templateId);

function knownTemplate(templateId: string): void {
  if (!getTemplate(templateId) && templateId !== MANUAL_TEMPLATE_ID)
    throw new AppError('NOT_FOUND', `No template with id ${templateId}.`, { field: 'templateId' });
}

/** A mapping goes into SQLite: a manual header that looks like a credential is refused, never stored. */
function refuseCredentials(mapping: Mapping): void {
  const problem = mapping.manual
    ? checkManualConfig(mapping.manual, []).find((i) => i.field === 'manual.headers' && /credential/.test(i.message))
    : undefined;
  if (problem) throw new AppError('INVALID_INPUT', `Not saved: ${problem.message}.`, { field: 'mapping.manual.headers' });
}

export function mappingHandlers(ctx: HandlerContext) {
  /**
   * Which page's save wrote each working mapping's stored version, by file and template: what tells a
   * page's later save from an earlier one landing late. In memory: a page's saves in flight do not outlive
   * this process, and a version it does not know the writer of is judged as another window's.
   */
  const writers = new Map<string, { updatedAt: number; madeBy: MadeBy }>();
  const writerKey = (datasetId: string, templateId: string) => JSON.stringify([datasetId, templateId]);

  /** The mapping stored for this file and template with a change sent as the page went applied to it. */
  function patched(
    datasetId: string,
    templateId: string,
    change: Mapping,
    patch: { removed: string[]; unset: MappingPart[] },
  ): Mapping {
    const stored = findWorkingMapping(ctx.db, { datasetId, templateId });
    if (!stored || stored.templateId !== templateId)
      throw new AppError('NOT_FOUND', 'No mapping is stored for this file and template to apply the change to.', {
        field: 'patch',
      });
    return applyMappingPatch(stored.mapping, { mapping: change, ...patch });
  }

  return {
    'mappings.list': async ({ templateId }) => listSavedMappings(ctx.db, templateId),
    'mappings.save': async ({ name, templateId, mapping }) => {
      knownTemplate(templateId);
      refuseCredentials(mapping);
      return saveMapping(ctx.db, { name: name.trim(), templateId, mapping, savedAt: ctx.now() });
    },
    'mappings.working': async (q) => findWorkingMapping(ctx.db, q),
    'mappings.saveWorking': async ({ datasetId, templateId, connectionId, mapping: sent, keepStored, patch, base, madeBy }) => {
      knownTemplate(templateId);
      const dataset = getDatasetAnyState(ctx.db, datasetId);
      if (!dataset) throw new AppError('NOT_FOUND', 'That file is no longer imported.', { field: 'datasetId' });
      if (connectionId !== null && !getConnection(ctx.db, connectionId))
        throw new AppError('NOT_FOUND', 'That connection no longer exists.', { field: 'connectionId' });
      const key = writerKey(datasetId, templateId);
      // Read, judged and written at once: nothing lands between the version judged and the one written.
      return ctx.db.transaction(() => {
        const storedAt = findWorkingMapping(ctx.db, { datasetId, templateId })?.updatedAt ?? null;
        const writer = writers.get(key);
        const stored =
          storedAt === null ? null : { updatedAt: storedAt, madeBy: writer?.updatedAt === storedAt ? writer.madeBy : null };
        if (madeBy && !keepStored && staleSave(stored, { base: base ?? null, ...madeBy }))
          throw new AppError(
            'CONFLICT',
            `Not saved: this file's mapping for ${templateName(templateId)} was changed after this change was made ` +
              `(${dataset.fileName}: stored at ${new Date(storedAt!).toISOString()}, this change started from ` +
              `${base == null ? 'no stored mapping' : new Date(base).toISOString()}) — in another window, or as the page ` +
              'was left. The newer mapping is kept; open the file on Map again to see it.',
            { field: 'base' },
          );
        const mapping = patch ? patched(datasetId, templateId, sent, patch) : sent;
        refuseCredentials(mapping);
        const saved = saveWorkingMapping(ctx.db, {
          datasetId,
          templateId,
          connectionId,
          mapping,
          updatedAt: nextVersion(storedAt, ctx.now()),
          ...(keepStored ? { keepStored } : {}),
        });
        if (madeBy) writers.set(key, { updatedAt: saved.updatedAt, madeBy });
        else writers.delete(key);
        return saved;
      })();
    },
    'desk.get': async () => getDeskState(ctx.db),
    'desk.save': async (patch) => saveDeskState(ctx.db, patch, ctx.now()),
    'mappings.delete': async ({ id }) => {
      if (!deleteSavedMapping(ctx.db, id)) throw new AppError('NOT_FOUND', `No saved mapping with id ${id}.`);
      return { deleted: true as const };
    },
  } satisfies Partial<Handlers>;
}
