// The gates between a recipe row's steps (src-main/db/recipeItems.ts), on a real SQLite file: a row's
// step opens when its earlier steps are done, a failure blocks the later ones with its cause, a rerun
// puts them back to waiting, and an item repeating an earlier item's key follows it — skipped with its
// captured fields when it succeeds, blocked when it fails. Every change comes with the counter moves.
// Inside the runner's turn (issue 19's writer thread) the same gates read the turn's own changes before
// they are on disk and add their writes to the turn: nothing is written until the turn is, and then the
// database holds what the gates decided.
import { describe, expect, it } from 'vitest';
import type { Db } from '../../../src-main/db/openDb';
import { createJob } from '../../../src-main/db/jobs';
import { requeueFailed } from '../../../src-main/db/items';
import { firstWithKey, insertRecipeItems, type NewRecipeItem } from '../../../src-main/db/recipeItems';
import { recomputeJobGates, settleGates } from '../../../src-main/db/recipeGates';
import { RecipeTurn } from '../../../src-main/db/recipeTurn';
import { applyOps } from '../../../src-main/db/writeOps';
import { seedDataset } from '../../helpers/seedDataset';
import { useTempDb } from '../../helpers/tempDb';

const name = (step: number) => `step ${step + 1}`;

function item(rowNumber: number, step: number, extra: Partial<NewRecipeItem> = {}): NewRecipeItem {
  return {
    rowNumber,
    step,
    fanIndex: 0,
    fanValue: null,
    templateId: `t${step}`,
    status: 'waiting',
    key: null,
    skipReason: null,
    note: null,
    error: null,
    captured: null,
    follows: false,
    ...extra,
  };
}

function setup(db: Db, items: NewRecipeItem[]) {
  const datasetId = seedDataset(db, ['a'], [['1'], ['2'], ['3']]);
  createJob(
    db,
    {
      id: 'j',
      templateId: 'recipe:r',
      templateName: 'r',
      connectionId: 'c',
      connectionName: 'C',
      datasetId,
      fileName: 'f.csv',
      mapping: { fields: {} },
      options: {},
      createdAt: 1,
      templates: null,
    },
    [],
  );
  db.transaction(() => insertRecipeItems(db, 'j', items, 1, name))();
  const ids = db.prepare(`SELECT id FROM job_items WHERE job_id = 'j' ORDER BY id`).pluck().all() as number[];
  const status = () =>
    (
      db
        .prepare(
          `SELECT row_number AS r, step AS s, fan_index AS f, status, error FROM job_items WHERE job_id = 'j' ORDER BY id`,
        )
        .all() as {
        r: number;
        s: number;
        f: number;
        status: string;
        error: string | null;
      }[]
    ).map((x) => `${x.r}.${x.s}.${x.f}:${x.status}`);
  const set = (id: number, s: string, extra = '') =>
    db.prepare(`UPDATE job_items SET status = ?${extra} WHERE id = ?`).run(s, id);
  return { ids, status, set };
}

describe('recipe gates', () => {
  const temp = useTempDb();

  it('opens a step when the earlier ones are done, blocks behind a failure with its cause, waits again after a rerun', () => {
    const db = temp.open(Infinity);
    const { ids, status, set } = setup(db, [
      item(2, 0),
      item(2, 1, { fanValue: 'A' }),
      item(2, 1, { fanIndex: 1, fanValue: 'B' }),
      item(2, 2),
      item(3, 0),
      item(3, 1, { status: 'skipped', skipReason: 'condition', note: 'Not applicable' }),
      item(3, 2),
    ]);
    expect(status()).toEqual([
      '2.0.0:pending',
      '2.1.0:waiting',
      '2.1.1:waiting',
      '2.2.0:waiting',
      '3.0.0:pending',
      '3.1.0:skipped',
      '3.2.0:waiting',
    ]);

    set(ids[0]!, 'succeeded');
    expect(settleGates(db, 'j', ids[0]!, 2, name)).toEqual([
      ['waiting', 'pending'],
      ['waiting', 'pending'],
    ]);
    // Siblings of one step do not wait for each other; the next step waits for both.
    set(ids[1]!, 'succeeded');
    expect(settleGates(db, 'j', ids[1]!, 3, name)).toEqual([]);
    // The cause's own full stop is not doubled.
    set(ids[2]!, 'failed', `, error = 'unknown title.', fan_value = 'B'`);
    expect(settleGates(db, 'j', ids[2]!, 4, name)).toEqual([['waiting', 'blocked']]);
    expect(db.prepare('SELECT error FROM job_items WHERE id = ?').pluck().get(ids[3])).toBe(
      'Not sent: step 2 failed for this row (B): unknown title.',
    );
    // A step not applicable to the row counts as done.
    set(ids[4]!, 'succeeded');
    expect(settleGates(db, 'j', ids[4]!, 5, name)).toEqual([['waiting', 'pending']]);

    // Rerun failed rows: the failed item is pending again, the step it blocked waits for it again.
    requeueFailed(db, 'j', 6);
    expect(recomputeJobGates(db, 'j', 6, name)).toEqual([['blocked', 'waiting']]);
    expect(status().slice(0, 4)).toEqual([
      '2.0.0:succeeded',
      '2.1.0:succeeded',
      '2.1.1:pending',
      '2.2.0:waiting',
    ]);
  });

  it('an item repeating an earlier key follows it: skipped with its captured fields, or blocked when it fails', () => {
    const db = temp.open(Infinity);
    const { ids, status, set } = setup(db, [
      item(2, 0, { key: 'identifier=acme' }),
      item(2, 1),
      item(3, 0, { key: 'identifier=acme', follows: true }),
      item(3, 1),
      item(4, 0, { key: 'identifier=acme', follows: true }),
      item(4, 1),
    ]);
    expect(status()).toEqual([
      '2.0.0:pending',
      '2.1.0:waiting',
      '3.0.0:waiting',
      '3.1.0:waiting',
      '4.0.0:waiting',
      '4.1.0:waiting',
    ]);
    expect(db.prepare('SELECT after_item FROM job_items WHERE id = ?').pluck().get(ids[2])).toBe(ids[0]);

    set(ids[0]!, 'succeeded', `, captured_json = '{"Client":"acme"}'`);
    const moves = settleGates(db, 'j', ids[0]!, 2, name);
    expect(moves).toEqual([
      ['waiting', 'pending'], // row 2's next step
      ['waiting', 'skipped'], // row 3's repeat, then its next step
      ['waiting', 'pending'],
      ['waiting', 'skipped'],
      ['waiting', 'pending'],
    ]);
    expect(
      db.prepare('SELECT skip_reason, note, captured_json FROM job_items WHERE id = ?').get(ids[2]),
    ).toEqual({
      skip_reason: 'duplicate',
      note: 'Not sent: row 2 has the same identifier=acme, and only the first is sent.',
      captured_json: '{"Client":"acme"}',
    });
  });

  it("when the first item with a key fails, its repeats are blocked (and their rows' later steps with them)", () => {
    const db2 = temp.open(Infinity);
    const b = setup(db2, [item(2, 0, { key: 'k' }), item(3, 0, { key: 'k', follows: true }), item(3, 1)]);
    b.set(b.ids[0]!, 'failed', `, error = 'HTTP 400'`);
    expect(settleGates(db2, 'j', b.ids[0]!, 2, name)).toEqual([
      ['waiting', 'blocked'],
      ['waiting', 'blocked'],
    ]);
    expect(db2.prepare('SELECT error FROM job_items WHERE id = ?').pluck().get(b.ids[1])).toBe(
      'Not sent: row 2 has the same k, and it failed: HTTP 400.',
    );
  });

  it('inside a turn: two siblings answered in one turn open the next step, written only with the turn', () => {
    const db = temp.open(Infinity);
    const { ids, status } = setup(db, [
      item(2, 0),
      item(2, 1, { fanValue: 'A' }),
      item(2, 1, { fanIndex: 1, fanValue: 'B' }),
      item(2, 2),
    ]);
    db.prepare(`UPDATE job_items SET status = 'succeeded' WHERE id = ?`).run(ids[0]);
    settleGates(db, 'j', ids[0]!, 2, name);
    db.prepare(`UPDATE job_items SET status = 'sending' WHERE id IN (?, ?)`).run(ids[1], ids[2]);
    const before = status();

    // The turn's outcome writes (as the runner adds them), then the gates after each.
    const turn = new RecipeTurn();
    const outcome = (id: number) => ({
      sql: `UPDATE job_items SET status = 'succeeded', captured_json = '{"x":"1"}' WHERE id = ?`,
      args: [id],
    });
    turn.ops.push(outcome(ids[1]!));
    turn.note(ids[1]!, { status: 'succeeded', captured: '{"x":"1"}' });
    expect(settleGates(db, 'j', ids[1]!, 3, name, 2, false, turn)).toEqual([]); // B not answered yet
    turn.ops.push(outcome(ids[2]!));
    turn.note(ids[2]!, { status: 'succeeded', captured: '{"x":"1"}' });
    expect(settleGates(db, 'j', ids[2]!, 3, name, 2, false, turn)).toEqual([['waiting', 'pending']]);
    expect(turn.has(ids[3]!)).toBe(true); // not due as the database still says until the turn is written
    expect(status()).toEqual(before); // nothing written yet

    db.transaction(() => applyOps(db, turn.ops)).immediate();
    turn.forget();
    expect(status()).toEqual(['2.0.0:succeeded', '2.1.0:succeeded', '2.1.1:succeeded', '2.2.0:pending']);
  });

  it('inside a turn: a repeat of a key keyed earlier in the same turn follows it; one this turn failed is not followed', () => {
    const db = temp.open(Infinity);
    const { ids } = setup(db, [item(2, 0), item(3, 0), item(4, 0)]);
    const turn = new RecipeTurn();
    // Row 2's item was keyed and is being sent in this turn: nothing about it is on disk yet.
    turn.keyed('t0', 'k', ids[0]!, 2);
    expect(firstWithKey(db, 'j', 't0', 'k', ids[1]!)).toBeUndefined();
    expect(firstWithKey(db, 'j', 't0', 'k', ids[1]!, turn)).toEqual({ id: ids[0], rowNumber: 2 });
    // On disk with the key from an earlier turn, but failed in this one: row 4 does not follow it.
    db.prepare(`UPDATE job_items SET row_key = 'q', template_id = 't0', status = 'sending' WHERE id = ?`).run(
      ids[1],
    );
    expect(firstWithKey(db, 'j', 't0', 'q', ids[2]!, turn)).toEqual({ id: ids[1], rowNumber: 3 });
    turn.note(ids[1]!, { status: 'failed', error: 'HTTP 400' });
    expect(firstWithKey(db, 'j', 't0', 'q', ids[2]!, turn)).toBeUndefined();
  });
});
