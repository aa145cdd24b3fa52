// mappings.*: saved mappings (presets) per template, and the working mapping per dataset and template
// (saved as the admin edits it), in SQLite; desk.*: which import the admin was working on.
import { getTemplate } from '../../src-shared/connectors/catalog';
import { checkManualConfig, MANUAL_TEMPLATE_ID } from '../../src-shared/connectors/customTemplate';
import { AppError } from '../../src-shared/contract/errors';
import { applyMappingPatch, type MappingPart } from '../../src-shared/mapping/mappingPatch';
import type { Mapping } from '../../src-shared/mapping/types';
import { nextVersion, staleSave } from '../../src-shared/mapping/workingVersion';
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
    'mappings.saveWorking': async ({ datasetId, templateId, connectionId, mapping: sent, keepStored, patch, base, madeAt }) => {
      knownTemplate(templateId);
      const dataset = getDatasetAnyState(ctx.db, datasetId);
      if (!dataset) throw new AppError('NOT_FOUND', 'That file is no longer imported.', { field: 'datasetId' });
      if (connectionId !== null && !getConnection(ctx.db, connectionId))
        throw new AppError('NOT_FOUND', 'That connection no longer exists.', { field: 'connectionId' });
      // Read, judged and written at once: nothing lands between the version judged and the one written.
      return ctx.db.transaction(() => {
        const storedAt = findWorkingMapping(ctx.db, { datasetId, templateId })?.updatedAt ?? null;
        const version = madeAt === undefined ? null : { base: base ?? null, madeAt };
        if (version && !keepStored && staleSave(storedAt, version))
          throw new AppError(
            'CONFLICT',
            `Not saved: this file's mapping for ${templateName(templateId)} was changed after this change was made ` +
              `(${dataset.fileName}: stored at ${new Date(storedAt!).toISOString()}, this change made at ` +
              `${new Date(version.madeAt).toISOString()}) — in another window, or as the page was left. The newer ` +
              'mapping is kept; open the file on Map again to see it.',
            { field: 'base' },
          );
        const mapping = patch ? patched(datasetId, templateId, sent, patch) : sent;
        refuseCredentials(mapping);
        return saveWorkingMapping(ctx.db, {
          datasetId,
          templateId,
          connectionId,
          mapping,
          updatedAt: nextVersion(storedAt, keepStored ? undefined : madeAt, ctx.now()),
          ...(keepStored ? { keepStored } : {}),
        });
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
