// A job's rows as CSV: the original columns, then what happened to each row and the fields captured
// from its response, so an admin can fix the failed rows and import them again. Written a page at a
// time (flat memory); cells are written as text, exactly as imported. The file appears at its path only
// when complete (services/atomicFile.ts): a killed export leaves no partial file there.
import { mkdirSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ItemStatus } from '../../src-shared/contract/api';
import { getTemplate, resolveTemplate } from '../../src-shared/connectors/catalog';
import { csvField } from '../../src-shared/export/csv';
import { getDataset } from '../db/datasets';
import { exportPage, type ExportCursor } from '../db/items';
import type { JobRecord } from '../db/jobs';
import type { Db } from '../db/openDb';
import { openAtomic } from '../services/atomicFile';

const PAGE = 1000;

export function exportJobCsv(db: Db, job: JobRecord, file: string, status?: ItemStatus): number {
  const columns = getDataset(db, job.datasetId)?.columns ?? [];
  // A recipe job: one line per item, with its step and value, and every step's captured fields.
  const steps = job.recipe?.steps ?? null;
  const captureLabels = steps
    ? [...new Set(steps.flatMap((st) => Object.keys(getTemplate(st.template)?.capture ?? {})))]
    : Object.keys(resolveTemplate(job.templateId, job.mapping, columns)?.capture ?? {});
  // Names unlikely to clash with a spreadsheet's own columns; a re-import maps only the columns it needs.
  const header = [
    'Row',
    ...columns,
    ...(steps ? ['Step', 'Value'] : []),
    'Result',
    'HTTP status',
    'Error message',
    'Result note',
    ...captureLabels,
  ];
  mkdirSync(dirname(file), { recursive: true });
  const out = openAtomic(file);
  const fd = out.fd;
  let rows = 0;
  try {
    writeSync(fd, '\uFEFF' + header.map((c) => csvField(c)).join(',') + '\r\n'); // BOM: Excel then reads UTF-8
    for (let after: ExportCursor | number = 0; ;) {
      const page = exportPage(db, job.id, status, after, PAGE);
      if (page.length === 0) break;
      let chunk = '';
      for (const r of page) {
        const cells = columns.map((_, i) => r.cells[i] ?? '');
        const captured = captureLabels.map((l) => r.captured?.[l] ?? '');
        const line = [
          String(r.rowNumber),
          ...cells,
          ...(steps ? [steps[r.step]?.name ?? String(r.step + 1), r.fanValue ?? ''] : []),
          r.status,
          r.responseStatus?.toString() ?? '',
          r.error ?? '',
          r.note ?? '',
          ...captured,
        ];
        chunk += line.map((c) => csvField(c)).join(',') + '\r\n';
      }
      writeSync(fd, chunk);
      rows += page.length;
      const last = page.at(-1)!;
      after = { row: last.rowNumber, step: last.step, fan: last.fanIndex };
    }
    out.commit();
  } catch (e) {
    out.abort();
    throw e;
  }
  return rows;
}
