/** The benchmark's own database (a new SQLite file or a new PostgreSQL database) and the few things read from it directly. */
import { randomBytes } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { sleep } from './util.js';

export const ADMIN_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export type BenchDialect = 'sqlite' | 'postgres';

export interface BenchDatabase {
  dialect: BenchDialect;
  /** DATABASE_URL for the server. */
  url: string;
  sqlitePath: string;
  pgUrl: string;
  /** One number from the database (a count); a fresh connection each time, outside the server. */
  count(query: string, parameters?: unknown[]): Promise<number>;
  sizeMb(): Promise<number>;
  drop(): Promise<void>;
}

export async function createBenchDatabase(dialect: BenchDialect, workDir: string): Promise<BenchDatabase> {
  if (dialect === 'sqlite') {
    const sqlitePath = join(workDir, 'bench.db');
    return {
      dialect,
      url: `sqlite:${sqlitePath}`,
      sqlitePath,
      pgUrl: '',
      count: async (query, parameters = []) => {
        const db = new SqliteDatabase(sqlitePath, { readonly: true });
        try {
          return Number((db.prepare(query).get(...parameters) as { n: number }).n);
        } finally {
          db.close();
        }
      },
      sizeMb: async () => {
        let total = 0;
        for (const suffix of ['', '-wal', '-shm']) if (existsSync(sqlitePath + suffix)) total += statSync(sqlitePath + suffix).size;
        return total / 1024 / 1024;
      },
      drop: async () => undefined,
    };
  }
  const name = `optout_bench_${process.pid}_${randomBytes(3).toString('hex')}`;
  await withClient(ADMIN_URL, (client) => client.query(`create database ${name}`));
  const base = new URL(ADMIN_URL);
  base.pathname = `/${name}`;
  const pgUrl = base.toString();
  return {
    dialect,
    url: pgUrl,
    sqlitePath: '',
    pgUrl,
    count: async (query, parameters = []) => {
      let index = 0;
      const text = query.replace(/\?/g, () => `$${++index}`);
      return withClient(pgUrl, async (client) => Number((await client.query(text, parameters)).rows[0].n));
    },
    sizeMb: () => withClient(pgUrl, async (client) => Number((await client.query('select pg_database_size(current_database())::bigint as size')).rows[0].size) / 1024 / 1024),
    drop: () => withClient(ADMIN_URL, (client) => client.query(`drop database if exists ${name} with (force)`)).then(() => undefined),
  };
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const PENDING = "select count(*) as n from messages where status in ('queued', 'sending')";

/** Waits until the dispatcher has sent what a phase queued (STOP confirmations, allowed sends), so it does not run into the next phase. */
export async function waitForDispatcher(db: BenchDatabase, timeoutMs = 300_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await db.count(PENDING)) === 0) return;
    await sleep(500);
  }
  throw new Error(`the dispatcher did not drain its queue within ${timeoutMs / 1000} s`);
}

export function countOptOuts(db: BenchDatabase, organizationId: string): Promise<number> {
  return db.count('select count(*) as n from phone_consent where organization_id = ? and opted_out = 1', [organizationId]);
}
