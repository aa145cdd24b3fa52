// `jobs.export`: a job's rows as a results CSV written to a file — the columns and names of
// src-shared/export/jobColumns.ts, the same as the app's download and the CLI's `jobs export`. Written a
// page at a time (flat memory); cells are written as text, exactly as imported, formula-escaped. The file
// appears at its path only when complete (services/atomicFile.ts): a killed export leaves no partial file.
import { writeSync } from 'node:fs';
import type { ItemStatus } from '../../src-shared/contract/api';
import { getTemplate } from '../../src-shared/connectors/catalog';
import { csvLine, UTF8_BOM } from '../../src-shared/export/csv';
import { jobTemplate } from './jobTemplates';
import {
  captureLabels,
  resultCells,
  resultsHeader,
  stepsCaptureLabels,
  type StepNames,
} from '../../src-shared/export/jobColumns';
import { getDataset } from '../db/datasets';
import { exportPage, type ExportCursor } from '../db/itemReads';
import type { JobRecord } from '../db/jobs';
import type { Db } from '../db/openDb';
import { destinationError, openAtomic } from '../services/atomicFile';
import { makeFolderFor } from '../services/folderFor';

const PAGE = 1000;

export function exportJobCsv(db: Db, job: JobRecord, file: string, status?: ItemStatus): number {
  const columns = getDataset(db, job.datasetId)?.columns ?? [];
  const { steps, labels } = exportShapeOf(job, columns);
  makeFolderFor(file); // names the folder and why it cannot be made, never hangs (/proc)
  const out = openAtomic(file);
  const fd = out.fd;
  let rows = 0;
  try {
    writeSync(fd, UTF8_BOM + csvLine(resultsHeader(columns, labels, steps))); // BOM: Excel then reads UTF-8
    for (let after: ExportCursor | number = 0; ;) {
      const page = exportPage(db, job.id, status, after, PAGE);
      if (page.length === 0) break;
      let chunk = '';
      for (const r of page)
        chunk += csvLine(
          resultCells(
            r,
            columns.map((_, i) => r.cells[i] ?? ''),
            labels,
            steps,
          ),
        );
      writeSync(fd, chunk);
      rows += page.length;
      const last = page.at(-1)!;
      after = { row: last.rowNumber, step: last.step, fan: last.fanIndex };
    }
    out.commit();
  } catch (e) {
    out.abort();
    throw destinationError(file, e); // a refused write names the file, not the database
  }
  return rows;
}

/**
 * What a job's export adds after the file's own columns: a recipe job's step names (a line per item, with
 * its step and value) and the fields each step captures; else the template's captured fields.
 */
export function exportShapeOf(job: JobRecord, columns: readonly string[]): { steps: StepNames; labels: string[] } {
  const steps = job.recipe?.steps ?? null;
  if (steps) {
    // What the job's steps send (frozen with it, ./jobTemplates.ts); an older job's, from the catalog.
    const frozen = job.templates?.length === steps.length ? job.templates : null;
    const templates = frozen ?? steps.map((st) => getTemplate(st.template));
    return { steps: steps.map((st) => st.name), labels: stepsCaptureLabels(templates) };
  }
  return { steps: null, labels: captureLabels(jobTemplate(job, columns)) };
}
