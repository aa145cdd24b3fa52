import { describe, expect, it } from 'vitest';
import { getTemplate } from '../../../src-shared/connectors/catalog';
import { FAILED_ROWS_MARKER } from '../../../src-shared/export/csv';
import {
  captureLabels,
  failedRowCells,
  failedRowsHeader,
  jsonRow,
  needsFixing,
  outcomeText,
  resultCells,
  resultsHeader,
  type ExportItem,
} from '../../../src-shared/export/jobColumns';

const item = (over: Partial<ExportItem> = {}): ExportItem => ({
  rowNumber: 2,
  status: 'succeeded',
  responseStatus: 201,
  attempts: 1,
  error: null,
  note: null,
  key: 'email=ann@example.com',
  captured: { 'Member ID': '1042' },
  skipReason: null,
  ...over,
});

describe('export columns, named as History shows them', () => {
  it('carries the captured fields under their labels, after the result columns', () => {
    const labels = captureLabels(getTemplate('coursepath.members.create'));
    expect(labels).toEqual(['Member ID']);
    expect(captureLabels(getTemplate('coassemble.courses.signedUrl'))).toEqual(['Signed URL']);
    expect(resultsHeader(['email', 'Outcome'], labels)).toEqual([
      'email',
      'Outcome',
      'Row',
      'Outcome (result)',
      'HTTP status',
      'Attempts',
      'Error',
      'Note',
      'Key',
      'Member ID',
    ]);
    expect(resultCells(item(), ['ann@example.com', 'x'], labels)).toEqual([
      'ann@example.com',
      'x',
      '2',
      'succeeded',
      '201',
      '1',
      '',
      '',
      'email=ann@example.com',
      '1042',
    ]);
    expect(
      resultCells(
        item({ status: 'skipped', skipReason: 'duplicate', captured: null, responseStatus: null }),
        [],
        labels,
      ).slice(1, 3),
    ).toEqual(['skipped (duplicate)', '']);
  });

  it('a failed-rows file: the rows to fix, with why, under the marker column', () => {
    expect(failedRowsHeader(['email'])).toEqual(['email', FAILED_ROWS_MARKER]);
    expect(needsFixing(item({ status: 'failed' }))).toBe(true);
    expect(needsFixing(item({ status: 'skipped', skipReason: 'invalid' }))).toBe(true);
    expect(needsFixing(item({ status: 'skipped', skipReason: 'alreadySent' }))).toBe(false);
    expect(needsFixing(item({ status: 'in_doubt' }))).toBe(false);
    expect(failedRowCells(item({ status: 'failed', error: null, responseStatus: 409 }), ['a'])).toEqual([
      'a',
      'HTTP 409',
    ]);
  });

  it('JSON rows hold the same facts', () => {
    expect(jsonRow(item(), ['email'], ['ann@example.com'], ['Member ID'])).toEqual({
      row: 2,
      outcome: 'succeeded',
      httpStatus: 201,
      attempts: 1,
      error: null,
      note: null,
      key: 'email=ann@example.com',
      input: { email: 'ann@example.com' },
      captured: { 'Member ID': '1042' },
    });
  });

  it('says the outcome in the words History shows', () => {
    expect(outcomeText({ status: 'retry_wait', skipReason: null })).toBe('waiting to retry');
    expect(outcomeText({ status: 'in_doubt', skipReason: null })).toBe('in doubt');
    expect(outcomeText({ status: 'skipped', skipReason: 'duplicate' })).toMatch(/^skipped \(/);
  });
});
