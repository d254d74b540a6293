import { Migrator, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openStorage, type StorageHandle } from '../../src/storage/database.js';
import { migrationProvider } from '../../src/storage/migrations/index.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases.js';

/** Texts sequences sent before migration 0011 are counted per sequence too: the migration fills in their sequence. */
describe.each(DIALECTS)('migration 0011 on a database with history (%s)', (dialect) => {
  let database: TestDatabase;
  let storage: StorageHandle;
  afterEach(async () => {
    await storage.close();
    await database.drop();
  });

  it('gives earlier sequence texts their sequence, and other texts none', async () => {
    database = await createTestDatabase(dialect);
    storage = openStorage(database.target);
    const schema = database.target.dialect === 'postgres' ? database.target.schema : undefined;
    const migrator = new Migrator({ db: storage.db, provider: migrationProvider(dialect), ...(schema ? { migrationTableSchema: schema } : {}) });
    expect((await migrator.migrateTo('0010-calls-and-notice')).error).toBeUndefined();

    const db = storage.db;
    const at = '2026-11-01T12:00:00.000Z';
    await sql`insert into organizations (id, name, default_country, settings, created_at) values ('org', 'Acme', 'US', '{}', ${at})`.execute(db);
    await sql`insert into contacts (id, organization_id, name, phone, phone_digits, email, notes, tags, created_at, updated_at) values ('c1', 'org', 'Ana', '+14155550101', '14155550101', null, null, '[]', ${at}, ${at})`.execute(db);
    await sql`insert into sequences (id, organization_id, name, steps, created_at) values ('s1', 'org', 'Intro', '[]', ${at})`.execute(db);
    await sql`insert into sequence_enrollments (id, organization_id, sequence_id, contact_id, phone, status, next_step_index, created_at, updated_at) values ('e1', 'org', 's1', 'c1', '+14155550101', 'completed', 1, ${at}, ${at})`.execute(db);
    for (const [id, purpose] of [['m1', 'sequence'], ['m2', 'manual']] as const) {
      await sql`insert into messages (id, organization_id, contact_id, direction, from_number, to_number, body, status, purpose, sent_at, created_at, updated_at)
        values (${id}, 'org', 'c1', 'outbound', '+14155550000', '+14155550101', 'Hi', 'delivered', ${purpose}, ${at}, ${at}, ${at})`.execute(db);
    }
    await sql`insert into sequence_step_runs (enrollment_id, step_index, message_id, created_at) values ('e1', 0, 'm1', ${at})`.execute(db);

    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    const rows = await db.selectFrom('messages').select(['id', 'sequence_id']).orderBy('id').execute();
    expect(rows).toEqual([{ id: 'm1', sequence_id: 's1' }, { id: 'm2', sequence_id: null }]);
  });
});
