import SqliteDatabase from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStorage, type StorageHandle } from '../../src/storage/database.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';

interface ProbeDb {
  snapshot_probe: { id: string };
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

/**
 * SQLite's plain reads share one read transaction per event-loop turn. What
 * that must never cost: a read missing a write this process committed before
 * it, or a snapshot outliving its turn.
 */
describe('SQLite reads within one event-loop turn', () => {
  let database: TestDatabase;
  let storage: StorageHandle;
  let db: Kysely<ProbeDb>;

  beforeEach(async () => {
    database = await createTestDatabase('sqlite');
    storage = openStorage(database.target);
    db = storage.db as unknown as Kysely<ProbeDb>;
    await sql`create table snapshot_probe (id text primary key)`.execute(db);
    await nextTurn();
  });

  afterEach(async () => {
    await storage.close();
    await database.drop();
  });

  const count = async () => (await db.selectFrom('snapshot_probe').select('id').execute()).length;

  it('see a write made outside a transaction earlier in the same turn', async () => {
    expect(await count()).toBe(0);
    await db.insertInto('snapshot_probe').values({ id: 'a' }).execute();
    expect(await count()).toBe(1);
  });

  it('see a transaction committed earlier in the same turn', async () => {
    expect(await count()).toBe(0);
    await db.transaction().execute((trx) => trx.insertInto('snapshot_probe').values({ id: 'b' }).execute());
    expect(await count()).toBe(1);
  });

  it('see another process’s commit from the next turn on', async () => {
    if (database.target.dialect !== 'sqlite') throw new Error('sqlite only');
    expect(await count()).toBe(0);
    const other = new SqliteDatabase(database.target.path);
    try {
      other.prepare("insert into snapshot_probe (id) values ('c')").run();
    } finally {
      other.close();
    }
    await nextTurn();
    expect(await count()).toBe(1);
  });
});
