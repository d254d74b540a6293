import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Dialect } from '../../src/storage/dialect.js';
import type { StorageTarget } from '../../src/storage/database.js';

/** Every storage and HTTP test runs once per database: no mocks, real engines. */
export const DIALECTS: Dialect[] = ['sqlite', 'postgres'];

export const TEST_POSTGRES_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  target: StorageTarget;
  /** Drops the schema or deletes the file. */
  drop(): Promise<void>;
}

/** A fresh, empty database: a new SQLite file, or a new PostgreSQL schema. */
export async function createTestDatabase(dialect: Dialect): Promise<TestDatabase> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'optout-test-'));
    return { target: { dialect: 'sqlite', path: join(dir, 'test.db') }, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const schema = `t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  await withAdminClient((client) => client.query(`create schema ${schema}`));
  return {
    target: { dialect: 'postgres', connectionString: TEST_POSTGRES_URL, schema, poolSize: 5 },
    drop: () => withAdminClient((client) => client.query(`drop schema if exists ${schema} cascade`)).then(() => undefined),
  };
}

export async function withAdminClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
