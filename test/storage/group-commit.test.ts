import SqliteDatabase from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyConsentChain } from '../../src/domain/consent-ledger.js';
import { openStorage, type StorageHandle } from '../../src/storage/database.js';
import { isUniqueViolation } from '../../src/storage/executor.js';
import { createGroupCommitter, type GroupCommitter } from '../../src/storage/group-commit.js';
import { appendConsentEvent, listConsentEventsAfter, toChainedEvent } from '../../src/storage/repositories/consent-ledger.repository.js';
import { insertOrganization } from '../../src/storage/repositories/organizations.repository.js';
import { createTestDatabase, DIALECTS, TEST_POSTGRES_URL, type TestDatabase } from '../support/databases.js';

/** A table of our own, so the tests do not depend on the application's schema. */
interface ProbeDb {
  gc_probe: { id: string; value: string };
  gc_parent: { id: string };
  gc_child: { id: string; parent_id: string };
}

/** Reads through a connection of its own, outside anything the committer holds. */
interface Observer {
  ids(): Promise<string[]>;
  close(): Promise<void>;
}

async function openObserver(database: TestDatabase): Promise<Observer> {
  const target = database.target;
  if (target.dialect === 'sqlite') {
    const connection = new SqliteDatabase(target.path, { readonly: true });
    return {
      ids: async () => (connection.prepare('select id from gc_probe order by id').all() as { id: string }[]).map((row) => row.id),
      close: async () => {
        connection.close();
      },
    };
  }
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  return {
    ids: async () => (await client.query(`select id from ${target.schema}.gc_probe order by id`)).rows.map((row: { id: string }) => row.id),
    close: () => client.end(),
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(DIALECTS)('group commit (%s)', (dialect) => {
  let database: TestDatabase;
  let storage: StorageHandle;
  let db: Kysely<ProbeDb>;
  let committer: GroupCommitter;
  let observer: Observer;

  beforeEach(async () => {
    database = await createTestDatabase(dialect);
    storage = openStorage(database.target);
    await storage.migrate();
    db = storage.db as unknown as Kysely<ProbeDb>;
    await db.schema.createTable('gc_probe').addColumn('id', 'text', (c) => c.primaryKey()).addColumn('value', 'text', (c) => c.notNull()).execute();
    await db.schema.createTable('gc_parent').addColumn('id', 'text', (c) => c.primaryKey()).execute();
    // Checked at COMMIT, not at the insert: the way to make a COMMIT fail on both databases.
    await sql`create table gc_child (id text primary key, parent_id text not null references gc_parent (id) deferrable initially deferred)`.execute(db);
    committer = createGroupCommitter(storage.db, { maxConcurrentBatches: dialect === 'postgres' ? 4 : 1 });
    observer = await openObserver(database);
  });
  afterEach(async () => {
    await observer.close();
    await storage.close();
    await database.drop();
  });

  const transact = <T>(work: (trx: Kysely<ProbeDb>) => Promise<T>) => committer.transact((trx) => work(trx as unknown as Kysely<ProbeDb>));
  const insert = (trx: Kysely<ProbeDb>, id: string) => trx.insertInto('gc_probe').values({ id, value: id }).execute();

  it('commits 50 concurrent items in a few transactions; the ones that throw leave no rows', async () => {
    const ids = Array.from({ length: 50 }, (_, i) => `item-${String(i).padStart(2, '0')}`);
    const results = await Promise.allSettled(
      ids.map((id, i) =>
        transact(async (trx) => {
          await insert(trx, id);
          await insert(trx, `${id}-second-row`);
          if (i % 7 === 3) throw new Error(`item ${i} changed its mind`);
          return i;
        }),
      ),
    );
    const failed = ids.filter((_, i) => i % 7 === 3);
    results.forEach((result, i) => {
      if (i % 7 === 3) expect(result).toMatchObject({ status: 'rejected', reason: { message: `item ${i} changed its mind` } });
      else expect(result).toEqual({ status: 'fulfilled', value: i });
    });
    const stored = await observer.ids();
    expect(stored).toHaveLength((50 - failed.length) * 2);
    for (const id of failed) expect(stored).not.toContain(id);
    expect(committer.stats.batches).toBeLessThan(50);
    expect(committer.stats.largestBatch).toBeGreaterThan(1);
  });

  it('settles an item only after the COMMIT that holds its write, as another connection sees it', async () => {
    let firstSettled = false;
    let seenDuringBatch: string[] | null = null;
    const first = transact((trx) => insert(trx, 'a')).then(() => {
      firstSettled = true;
    });
    const second = transact(async (trx) => {
      // Same batch, after the first item: its row is written but not committed.
      seenDuringBatch = await observer.ids();
      expect(firstSettled).toBe(false);
      await insert(trx, 'b');
    });
    await Promise.all([first, second]);
    expect(seenDuringBatch).toEqual([]);
    expect(committer.stats.batches).toBe(1);
    expect(await observer.ids()).toEqual(['a', 'b']);
  });

  it('keeps other items when one hits a unique violation, and the failing caller sees the committed winner', async () => {
    await transact((trx) => insert(trx, 'taken'));
    const outcomes = await Promise.allSettled([
      transact((trx) => insert(trx, 'x1')),
      transact((trx) => insert(trx, 'dup')),
      transact((trx) => insert(trx, 'dup')), // same batch as the one before: conflicts with its uncommitted row
      transact((trx) => insert(trx, 'taken')), // conflicts with a committed row
      transact((trx) => insert(trx, 'x2')),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'rejected', 'fulfilled']);
    expect(isUniqueViolation((outcomes[2] as PromiseRejectedResult).reason)).toBe(true);
    expect(isUniqueViolation((outcomes[3] as PromiseRejectedResult).reason)).toBe(true);
    expect(await observer.ids()).toEqual(['dup', 'taken', 'x1', 'x2']);
  });

  it('a unique violation in the first item of a batch rolls back only that item', async () => {
    await transact((trx) => insert(trx, 'taken'));
    const outcomes = await Promise.allSettled([transact((trx) => insert(trx, 'taken')), transact((trx) => insert(trx, 'after'))]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'fulfilled']);
    expect(await observer.ids()).toEqual(['after', 'taken']);
  });

  it('rejects every item of a batch whose COMMIT fails, and keeps none of their writes', async () => {
    await transact((trx) => trx.insertInto('gc_parent').values({ id: 'p1' }).execute());
    const outcomes = await Promise.allSettled([
      transact((trx) => insert(trx, 'innocent-1')),
      // Accepted by the insert, refused at COMMIT.
      transact((trx) => trx.insertInto('gc_child').values({ id: 'c1', parent_id: 'missing' }).execute()),
      transact((trx) => insert(trx, 'innocent-2')),
      transact(async (trx) => {
        await insert(trx, 'fails-alone');
        throw new Error('its own failure');
      }),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected', 'rejected', 'rejected']);
    expect((outcomes[3] as PromiseRejectedResult).reason.message).toBe('its own failure');
    expect(await observer.ids()).toEqual([]);
    // The committer goes on working afterwards.
    await transact((trx) => insert(trx, 'later'));
    expect(await observer.ids()).toEqual(['later']);
  });

  it('retries an item that lost a transient conflict in a later batch, without touching the others', async () => {
    const transient = Object.assign(new Error('could not serialize access'), { code: '40001' });
    let attempts = 0;
    const flaky = createGroupCommitter(storage.db, {});
    const outcomes = await Promise.all([
      flaky.transact(async (trx) => {
        attempts += 1;
        await insert(trx as unknown as Kysely<ProbeDb>, 'flaky');
        if (attempts === 1) throw transient;
        return attempts;
      }),
      flaky.transact(async (trx) => {
        await insert(trx as unknown as Kysely<ProbeDb>, 'steady');
        return 'ok';
      }),
    ]);
    expect(outcomes).toEqual([2, 'ok']);
    expect(flaky.stats.retries).toBe(1);
    expect(await observer.ids()).toEqual(['flaky', 'steady']);
  });

  it('gives up on an item that keeps conflicting, with its error', async () => {
    const transient = Object.assign(new Error('deadlock detected'), { code: '40P01' });
    const flaky = createGroupCommitter(storage.db, { maxAttempts: 3 });
    let attempts = 0;
    const outcome = flaky.transact(async () => {
      attempts += 1;
      throw transient;
    });
    await expect(outcome).rejects.toBe(transient);
    expect(attempts).toBe(3);
  });

  it('bounds the batch size', async () => {
    const small = createGroupCommitter(storage.db, { maxBatchSize: 8 });
    await Promise.all(Array.from({ length: 60 }, (_, i) => small.transact((trx) => insert(trx as unknown as Kysely<ProbeDb>, `b${i}`))));
    expect(small.stats.largestBatch).toBeLessThanOrEqual(8);
    expect(small.stats.batches).toBeGreaterThanOrEqual(8);
    expect(await observer.ids()).toHaveLength(60);
  });

  it('an item alone commits at once', async () => {
    const started = performance.now();
    await transact((trx) => insert(trx, 'alone'));
    expect(performance.now() - started).toBeLessThan(250);
    expect(committer.stats).toMatchObject({ batches: 1, items: 1 });
  });

  it('reads outside the batch neither wait for it nor see its uncommitted writes', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let written!: () => void;
    const wrote = new Promise<void>((resolve) => (written = resolve));
    const batch = transact(async (trx) => {
      await insert(trx, 'pending');
      written();
      await held;
    });
    await wrote;
    // The batch is open and holds its connection (SQLite: the only writer); a plain read answers anyway.
    const rows = await Promise.race([db.selectFrom('gc_probe').select('id').execute(), sleep(2000).then(() => 'timed out' as const)]);
    expect(rows).toEqual([]);
    release();
    await batch;
    expect(await db.selectFrom('gc_probe').select('id').execute()).toEqual([{ id: 'pending' }]);
  });

  it('chains the consent events of a batch at COMMIT, leaving out those of items that rolled back', async () => {
    const organizationId = 'org-ledger';
    await insertOrganization(storage.db, { id: organizationId, name: 'Ledger Org', default_country: 'US', settings: '{}', created_at: new Date().toISOString() });
    const event = (i: number) => ({
      id: `event-${String(i).padStart(2, '0')}`,
      organizationId,
      type: 'opted_out' as const,
      phone: `+1415555${String(1000 + i)}`,
      source: 'keyword' as const,
      keyword: 'STOP',
      rule: null,
      reason: null,
      note: null,
      attestation: null,
      actorUserId: null,
      messageId: null,
      createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
      channel: null,
    });
    // One event appended outside any batch, straight away.
    await storage.db.transaction().execute((trx) => appendConsentEvent(trx, event(0)));
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, (_, k) =>
        committer.transact(async (trx) => {
          await appendConsentEvent(trx, event(k + 1));
          if (k % 5 === 2) throw new Error('rolled back');
        }),
      ),
    );
    expect(outcomes.filter((o) => o.status === 'rejected')).toHaveLength(4);
    const rows = await listConsentEventsAfter(storage.db, organizationId, 0, 100);
    expect(rows.map((row) => row.seq)).toEqual(Array.from({ length: 17 }, (_, i) => i + 1));
    expect(rows.map((row) => row.id)).not.toContain('event-03');
    expect(verifyConsentChain(rows.map(toChainedEvent))).toMatchObject({ ok: true, checked: 17 });
  });

  if (dialect === 'postgres') {
    it('retries only the item that lost a deadlock against another connection', async () => {
      await transact(async (trx) => {
        await insert(trx, 'r1');
        await insert(trx, 'r2');
      });
      const other = new pg.Client({ connectionString: TEST_POSTGRES_URL });
      await other.connect();
      const schema = database.target.dialect === 'postgres' ? database.target.schema : '';
      try {
        await other.query('begin');
        await other.query(`update ${schema}.gc_probe set value = 'other' where id = 'r2'`);
        const first = transact((trx) => trx.updateTable('gc_probe').set({ value: 'batch' }).where('id', '=', 'r1').execute().then(() => 'first'));
        let secondAttempts = 0;
        const second = transact(async (trx) => {
          secondAttempts += 1;
          // Waits for the other connection's lock on r2 ...
          await trx.updateTable('gc_probe').set({ value: 'batch' }).where('id', '=', 'r2').execute();
          return 'second';
        });
        const third = transact((trx) => insert(trx, 'r3').then(() => 'third'));
        await sleep(300);
        // ... while the other connection waits for the batch's lock on r1: a deadlock. PostgreSQL cancels the
        // statement that waited first — the batch's second item — which is rolled back to its savepoint alone.
        const otherDone = other.query(`update ${schema}.gc_probe set value = 'other' where id = 'r1'`).then(() => other.query('commit'));
        expect(await first).toBe('first');
        expect(await third).toBe('third');
        await otherDone;
        expect(await second).toBe('second');
        expect(secondAttempts).toBe(2);
        expect(committer.stats.retries).toBe(1);
        expect(await observer.ids()).toEqual(['r1', 'r2', 'r3']);
      } finally {
        await other.end();
      }
    });
  }
});

