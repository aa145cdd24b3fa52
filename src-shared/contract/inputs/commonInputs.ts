// The small pieces most methods' inputs share: an id, an empty input, a page of rows, a row number, the
// connections a sync or report reads. Built at first use, as every schema here (../validate.ts says why).
import { z } from 'zod';
import { once } from '../../util/once';

export const id = once(() => z.string().min(1).max(200));
export const empty = once(() => z.object({}).strict());
export const rowNumber = once(() => z.number().int().min(2, 'row 1 is the header; data starts at row 2'));
export const pageArgs = once(() => ({
  offset: z.number().int().min(0),
  limit: z.number().int().min(1).max(1000),
}));
export const connectionIds = once(() => z.array(id()).max(100).optional());
