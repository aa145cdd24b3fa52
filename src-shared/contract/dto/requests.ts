// Mappings and the requests built from them: saved and working mappings, a request exactly as it will be
// sent (Authorization redacted), why a row builds as it does, and test sends.
// Part of the contract between renderer and main (../api.ts).
import type { FieldTrace } from '../../mapping/explainRow';
import type { Mapping } from '../../mapping/types';

/** A named mapping for one template, kept in the database (`mappings.*`). */
export interface SavedMappingDto {
  id: number;
  name: string;
  templateId: string;
  mapping: Mapping;
  savedAt: number;
}

/** What to build a request from: the same shape for preview, test-send and job creation. */
export interface RequestSpec {
  datasetId: string;
  connectionId: string;
  templateId: string;
  mapping: Mapping;
}

/** A request exactly as it will be sent, with the Authorization value redacted. */
export interface RequestPreview {
  rowNumber: number;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | null;
  /** Problems that stop this row from being sent (empty when the request is valid). */
  issues: { field: string; message: string; level: 'error' | 'warning' }[];
}

/**
 * One row's request for the Map screen's request panel: the request as preview shows it, and for each
 * field the cell it was read from, each transform with the value after it, and the lookup's answer.
 */
export interface RequestExplainDto {
  request: RequestPreview;
  fields: FieldTrace[];
  /** The rows before and after, for stepping through the file (null at either end). */
  previousRow: number | null;
  nextRow: number | null;
  /**
   * A manual configuration with record batching: the batched call this row goes out in, built as a run
   * builds it (the runner batches the rows it claims, twice the batch size at a time, in file order).
   */
  batch: { rowNumbers: number[]; request: RequestPreview } | null;
}

/** The mapping being worked on for one dataset and template, kept in SQLite as it is edited. */
export interface WorkingMappingDto {
  datasetId: string;
  templateId: string;
  /** The connection chosen with it; null before one is, or once that connection is deleted. */
  connectionId: string | null;
  mapping: Mapping;
  updatedAt: number;
}

export interface TestSendResult {
  request: RequestPreview;
  status: number | null;
  responseHeaders: Record<string, string>;
  responseBody: string;
  durationMs: number;
  error: string | null;
}

/** A test-send kept in history, as sent (Authorization redacted) with the full answer. */
export interface TestCallDto {
  id: number;
  connectionId: string;
  templateId: string;
  datasetId: string;
  rowNumber: number;
  method: string;
  url: string;
  requestHeaders: Record<string, string>;
  requestBody: string | null;
  responseStatus: number | null;
  responseBody: string | null;
  error: string | null;
  durationMs: number;
  sentAt: number;
}
