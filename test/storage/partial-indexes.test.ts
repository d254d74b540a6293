import SqliteDatabase from 'better-sqlite3';
import { Kysely, type CompiledQuery } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStorage } from '../../src/storage/database.js';
import { claimDueEnrollments, findActiveEnrollment, stopActiveEnrollmentsForNumber } from '../../src/storage/repositories/sequences.repository.js';
import { listPendingReviewItems } from '../../src/storage/repositories/review.repository.js';
import type { Database } from '../../src/storage/schema.js';
import { SplitSqliteDialect } from '../../src/storage/sqlite-dialect.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';

/**
 * SQLite uses a partial index when the query repeats the index's WHERE term.
 * A status bound as a parameter matches it only through the bound value: the
 * statement is then planned again every time that value is bound (about
 * 10 µs per execution), and planned without it, it reads the whole table.
 * Each query below is the one the repository runs, captured as executed and
 * planned by SQLite with every parameter NULL: its plan must not depend on a
 * value bound.
 */
describe('queries over partial indexes (sqlite)', () => {
  let database: TestDatabase;
  let connection: SqliteDatabase.Database;
  let db: Kysely<Database>;
  let executed: CompiledQuery[];

  beforeEach(async () => {
    database = await createTestDatabase('sqlite');
    const storage = openStorage(database.target);
    await storage.migrate();
    await storage.close();
    if (database.target.dialect !== 'sqlite') throw new Error('sqlite only');
    connection = new SqliteDatabase(database.target.path);
    executed = [];
    db = new Kysely<Database>({
      dialect: new SplitSqliteDialect(connection, null),
      log: (event) => {
        if (event.level === 'query') executed.push(event.query);
      },
    });
  });

  afterEach(async () => {
    await db.destroy();
    await database.drop();
  });

  /** SQLite's plan for the one executed statement that mentions `table`, whatever values it is given. */
  function planOf(table: string): string {
    const statements = executed.filter((query) => query.sql.includes(`"${table}"`));
    expect(statements).toHaveLength(1);
    const [query] = statements as [CompiledQuery];
    const rows = connection.prepare(`explain query plan ${query.sql}`).all(query.parameters.map(() => null)) as { detail: string }[];
    return rows.map((row) => row.detail).join('\n');
  }

  it('an opt-out stops the number’s active enrollments through the index of active enrollments by number', async () => {
    await db.transaction().execute((trx) => stopActiveEnrollmentsForNumber(trx, 'org-1', '+14155550100', '2026-01-01T00:00:00.000Z'));
    expect(planOf('sequence_enrollments')).toMatch(/USING (COVERING )?INDEX sequence_enrollments_active_by_number_idx/);
  });

  it('the sequence runner claims due enrollments through the index of active ones by due time', async () => {
    await claimDueEnrollments(db, 'runner-1', '2026-01-01T00:00:00.000Z', '2025-12-31T23:55:00.000Z', 10);
    const selects = executed.filter((query) => /^select/i.test(query.sql));
    executed = selects;
    expect(planOf('sequence_enrollments')).toMatch(/USING (COVERING )?INDEX sequence_enrollments_due_idx/);
  });

  it('enrolling looks for an active enrollment through the unique index of active ones', async () => {
    await findActiveEnrollment(db, 'sequence-1', 'contact-1');
    expect(planOf('sequence_enrollments')).toMatch(/USING (COVERING )?INDEX sequence_enrollments_active_uq/);
  });

  it('the review queue lists pending items through the index of pending ones', async () => {
    await listPendingReviewItems(db, 'org-1', 50, null);
    expect(planOf('review_items')).toMatch(/USING (COVERING )?INDEX review_items_pending_idx/);
  });
});
