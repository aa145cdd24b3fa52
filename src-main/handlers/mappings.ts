// mappings.*: saved mappings (presets) per template, in SQLite.
import { getTemplate } from '../../src-shared/connectors/catalog';
import { MANUAL_TEMPLATE_ID } from '../../src-shared/connectors/customTemplate';
import { AppError } from '../../src-shared/contract/errors';
import { deleteSavedMapping, listSavedMappings, saveMapping } from '../db/savedMappings';
import type { HandlerContext } from './context';
import type { Handlers } from './types';

export function mappingHandlers(ctx: HandlerContext) {
  return {
    'mappings.list': async ({ templateId }) => listSavedMappings(ctx.db, templateId),
    'mappings.save': async ({ name, templateId, mapping }) => {
      if (!getTemplate(templateId) && templateId !== MANUAL_TEMPLATE_ID) {
        throw new AppError('NOT_FOUND', `No template with id ${templateId}.`, { field: 'templateId' });
      }
      return saveMapping(ctx.db, { name: name.trim(), templateId, mapping, savedAt: ctx.now() });
    },
    'mappings.delete': async ({ id }) => {
      if (!deleteSavedMapping(ctx.db, id)) throw new AppError('NOT_FOUND', `No saved mapping with id ${id}.`);
      return { deleted: true as const };
    },
  } satisfies Partial<Handlers>;
}
