// papaparse, required by the first CSV read instead of imported at every start of the CLI (../lazyRequire.ts).
import type Papa from 'papaparse';
import { lazyRequire } from '../lazyRequire';

export const papa = lazyRequire<typeof Papa>('papaparse');
