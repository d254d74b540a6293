import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator } from 'kysely';
import pg from 'pg';
import type { Dialect } from './dialect.js';
import { ScopedPostgresDialect } from './postgres-dialect.js';
import { migrationProvider } from './migrations/index.js';
import { SplitSqliteDialect } from './sqlite-dialect.js';
import type { Database } from './schema.js';

export type Db = Kysely<Database>;

export interface StorageHandle {
  db: Db;
  dialect: Dialect;
  /** The PostgreSQL pool's connections (null on SQLite, which has no pool). */
  poolStats(): PoolStats | null;
  /** Runs pending migrations; safe to call from several instances at once. */
  migrate(): Promise<void>;
  close(): Promise<void>;
}

export interface PoolStats {
  total: number;
  idle: number;
  waiting: number;
}

/** Connections per server instance: half for group-commit batches, half for plain reads. */
export const DEFAULT_POSTGRES_POOL_SIZE = 16;

export type StorageTarget =
  | { dialect: 'sqlite'; path: string }
  | { dialect: 'postgres'; connectionString: string; schema?: string; poolSize?: number };

// COUNT(*) and BIGINT come back from pg as strings unless told otherwise; every
// integer this schema stores fits in a double.
pg.types.setTypeParser(20, (value) => Number.parseInt(value, 10));

/** Opens the database named by the configuration; no queries run until used. */
export function openStorage(target: StorageTarget): StorageHandle {
  if (target.dialect === 'sqlite') return openSqlite(target.path);
  return openPostgres(target.connectionString, target.schema, target.poolSize);
}

function openSqlite(path: string): StorageHandle {
  if (path !== ':memory:') {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    createOwnerOnlyFile(path);
  }
  const database = new SqliteDatabase(path);
  // WAL with synchronous=FULL: a commit is on disk (fsynced) before it returns,
  // so an acknowledged opt-out survives power loss, not only a crash.
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = FULL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  // Savepoint and statement journals in memory instead of temporary files: every group-commit item runs in
  // a savepoint, and with files that was about 66 pwrite calls per STOP. They only matter until the
  // transaction ends, so durability is unchanged (the WAL and its fsync are what make a commit durable).
  database.pragma('temp_store = MEMORY');
  // A second, read-only connection serves plain reads, so they never queue behind an open transaction.
  let reader: SqliteDatabase.Database | null = null;
  if (path !== ':memory:') {
    reader = new SqliteDatabase(path, { readonly: true, fileMustExist: true });
    reader.pragma('busy_timeout = 5000');
    // Searches read pages all over a large file: mapped, a page is a memory access instead of a read() call each time.
    reader.pragma('mmap_size = 1073741824');
  }
  const db = new Kysely<Database>({ dialect: new SplitSqliteDialect(database, reader) });
  return {
    db,
    dialect: 'sqlite',
    poolStats: () => null,
    migrate: () => runMigrations(db, 'sqlite', undefined),
    close: () => db.destroy(),
  };
}

/**
 * The database holds every contact and the hashes of every key: readable by its
 * owner only, like secret.key. SQLite creates the -wal and -shm files with the
 * main file's mode, so creating that one 0600 first covers all three; files an
 * older version left readable to others are narrowed too.
 */
export function createOwnerOnlyFile(path: string): void {
  closeSync(openSync(path, 'a', 0o600));
  for (const file of [path, `${path}-wal`, `${path}-shm`]) {
    try {
      if (existsSync(file)) chmodSync(file, 0o600);
    } catch {
      // Owned by another user (a shared deployment's choice): leave it as it is.
    }
  }
}

function openPostgres(connectionString: string, schema: string | undefined, poolSize = DEFAULT_POSTGRES_POOL_SIZE): StorageHandle {
  const pool = new pg.Pool({
    connectionString,
    max: poolSize,
    // synchronous_commit=on is PostgreSQL's default; set it explicitly so a
    // server configured otherwise cannot silently weaken acknowledged opt-outs.
    options: ['-c synchronous_commit=on', schema ? `-c search_path=${schema}` : ''].join(' ').trim(),
    connectionTimeoutMillis: 5000,
  });
  // A connection dropped by the server (restart, failover, pg_terminate_backend) must not crash the
  // process: idle clients report on the pool, checked-out ones on themselves. The query in flight
  // fails on its own and the request answers 503; the pool discards the broken client.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  const db = new Kysely<Database>({ dialect: new ScopedPostgresDialect({ pool }) });
  return {
    db,
    dialect: 'postgres',
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    migrate: () => runMigrations(db, 'postgres', schema),
    close: () => db.destroy(),
  };
}

async function runMigrations(db: Db, dialect: Dialect, schema: string | undefined): Promise<void> {
  // The migrator looks its tables up across all schemas; name ours so another schema's copy is not mistaken for it.
  const migrator = new Migrator({ db, provider: migrationProvider(dialect), ...(schema ? { migrationTableSchema: schema } : {}) });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((result) => result.status === 'Error');
  if (error || failed) {
    const name = failed ? ` (${failed.migrationName})` : '';
    throw new Error(`Database migration failed${name}: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
}

/** Parses DATABASE_URL: postgres://… selects PostgreSQL; a path or sqlite:<path> selects SQLite. */
export function storageTargetFromUrl(url: string): StorageTarget {
  if (/^postgres(ql)?:\/\//i.test(url)) return { dialect: 'postgres', connectionString: url };
  const path = url.startsWith('sqlite:') ? url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '') : url;
  return { dialect: 'sqlite', path };
}
