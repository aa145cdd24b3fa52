import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../../src-main/db/openDb';
import { planStableSql } from '../../../src-main/db/planStableSql';
import { tempDir } from '../../helpers/tempDir';

describe('planStableSql: every parameter written +?', () => {
  it('prefixes positional, numbered and named parameters', () => {
    expect(planStableSql('SELECT * FROM t WHERE a = ? AND b = ?2 LIMIT @limit OFFSET :offset')).toBe(
      'SELECT * FROM t WHERE a = +? AND b = +?2 LIMIT +@limit OFFSET +:offset',
    );
    expect(planStableSql('INSERT INTO t (a, b) VALUES (?,$b)')).toBe('INSERT INTO t (a, b) VALUES (+?,+$b)');
  });

  it('leaves a parameter already written +? as it is', () => {
    expect(planStableSql('SELECT 1 WHERE a = +? AND b = + @b')).toBe('SELECT 1 WHERE a = +? AND b = + @b');
    expect(planStableSql('SELECT 1 WHERE a = + /* plus */ ?')).toBe('SELECT 1 WHERE a = + /* plus */ ?');
  });

  it('changes nothing inside strings, quoted names or comments', () => {
    const sql = `SELECT '?', 'it''s @x', "col?", \`a:b\`, [c$d] -- what? @y
      FROM t /* :z ? */ WHERE e = ?`;
    expect(planStableSql(sql)).toBe(sql.replace('e = ?', 'e = +?'));
  });

  it('does not take the inside of a name for a parameter', () => {
    expect(planStableSql('SELECT a$b, x FROM t WHERE y = ?')).toBe('SELECT a$b, x FROM t WHERE y = +?');
  });
});

// The same statements on a real SQLite file opened as the app opens it: results are unchanged.
describe('statements compiled through openDb', () => {
  let db: Db | null = null;
  let dir: ReturnType<typeof tempDir> | null = null;
  afterEach(() => {
    db?.close();
    dir?.remove();
  });

  it('give the same rows for joins, LIMIT/OFFSET, LIKE, IN and named parameters', () => {
    dir = tempDir();
    db = openDb(join(dir.path, 'db.sqlite'));
    db.exec(`CREATE TABLE p (id TEXT PRIMARY KEY, name TEXT);
             CREATE TABLE c (id INTEGER PRIMARY KEY, p_id TEXT REFERENCES p(id), k TEXT);`);
    const addP = db.prepare('INSERT INTO p VALUES (?, ?)');
    const addC = db.prepare('INSERT INTO c (p_id, k) VALUES (@p, @k)');
    for (let i = 0; i < 50; i++) {
      addP.run(`p${i}`, i % 2 ? 'odd' : 'even');
      addC.run({ p: `p${i}`, k: `k${i}` });
    }
    const joined = db.prepare(
      'SELECT c.k, p.name FROM c JOIN p ON p.id = c.p_id WHERE c.id = ? AND p.name = ?',
    );
    expect(joined.get(3, 'even')).toEqual({ k: 'k2', name: 'even' });
    expect(joined.get(3, 'odd')).toBeUndefined();
    const page = db.prepare('SELECT id FROM c WHERE id > ? ORDER BY id LIMIT ? OFFSET ?').pluck();
    expect(page.all(10, 3, 1)).toEqual([12, 13, 14]);
    expect(page.all(48, 5, 0)).toEqual([49, 50]);
    expect(db.prepare('SELECT COUNT(*) FROM c WHERE k LIKE ?').pluck().get('k1%')).toBe(11);
    expect(db.prepare('SELECT k FROM c WHERE id IN (?, ?) ORDER BY id').pluck().all(1, 50)).toEqual([
      'k0',
      'k49',
    ]);
    expect(db.prepare("SELECT '?' || ? AS v").pluck().get('!')).toBe('?!');
    // The seek by key still uses the index with the parameter written +?.
    const plan = db.prepare('EXPLAIN QUERY PLAN SELECT k FROM c WHERE p_id = ?').all('p1') as {
      detail: string;
    }[];
    db.exec('CREATE INDEX c_by_p ON c (p_id)');
    const indexed = db.prepare('EXPLAIN QUERY PLAN SELECT k FROM c WHERE p_id = ?').all('p1') as {
      detail: string;
    }[];
    expect(plan.map((r) => r.detail).join()).toContain('SCAN c');
    expect(indexed.map((r) => r.detail).join()).toContain('USING INDEX c_by_p (p_id=?)');
  });
});
