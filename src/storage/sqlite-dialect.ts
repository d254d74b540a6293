import type SqliteDatabase from 'better-sqlite3';
import {
  CompiledQuery,
  RawNode,
  SelectQueryNode,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type QueryCompiler,
  type QueryResult,
} from 'kysely';

type Connection = SqliteDatabase.Database;
type Statement = SqliteDatabase.Statement;

/**
 * Kysely's SQLite dialect with two connections to the same WAL database:
 *
 * - the writer runs transactions and every statement that is not a plain
 *   SELECT, one holder at a time (a transaction keeps it until it ends);
 * - the reader runs SELECTs made outside a transaction. In WAL mode it reads
 *   the last committed state while the writer is in the middle of a
 *   transaction — what a pooled PostgreSQL connection sees — so a plain read
 *   never waits behind an open (group-commit) transaction, and never sees
 *   its uncommitted writes.
 *
 * Prepared statements are kept per connection (Kysely's own dialect prepares
 * every statement again on every call).
 * Without a reader (an in-memory database) everything goes to the writer.
 */
export class SplitSqliteDialect implements Dialect {
  constructor(private readonly writer: Connection, private readonly reader: Connection | null) {}

  createAdapter(): DialectAdapter {
    return new SqliteAdapter();
  }

  createDriver(): Driver {
    return new SplitSqliteDriver(this.writer, this.reader);
  }

  createQueryCompiler(): QueryCompiler {
    return new SqliteQueryCompiler();
  }

  createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return new SqliteIntrospector(db);
  }
}

const STATEMENT_CACHE_LIMIT = 1000;

class StatementCache {
  private readonly statements = new Map<string, Statement>();

  constructor(readonly connection: Connection) {}

  statement(sqlText: string): Statement {
    let statement = this.statements.get(sqlText);
    if (statement === undefined) {
      statement = this.connection.prepare(sqlText);
      // Statements are few and fixed (the repositories' queries); a bound keeps a bug from growing it forever.
      if (this.statements.size >= STATEMENT_CACHE_LIMIT) this.statements.clear();
      this.statements.set(sqlText, statement);
    }
    return statement;
  }

  run(query: CompiledQuery): QueryResult<unknown> {
    const statement = this.statement(query.sql);
    const parameters = query.parameters as unknown[];
    if (statement.reader) return { rows: statement.all(parameters) };
    const { changes, lastInsertRowid } = statement.run(parameters);
    return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
  }
}

/** First come, first served; `lock` resolves once the caller holds it. */
class Mutex {
  private held = false;
  private readonly waiting: (() => void)[] = [];

  lock(): Promise<void> {
    if (!this.held) {
      this.held = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  unlock(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.held = false;
  }
}

/**
 * The reader's reads of one event-loop turn share one read transaction: each statement on its own
 * opens and ends one (about 20 µs, against 3 for a read inside one), and a turn typically serves many
 * requests' reads. The snapshot ends when the turn does, and at once when this process commits a write,
 * so a read never misses a commit this process made before it; another instance's commit is seen from
 * the next turn on, as a read issued a moment earlier would have missed it too.
 */
class ReadSnapshot {
  private open = false;

  constructor(private readonly reader: StatementCache) {}

  run(query: CompiledQuery): QueryResult<unknown> {
    if (!this.open) {
      this.reader.run(BEGIN);
      this.open = true;
      setImmediate(() => this.end());
    }
    return this.reader.run(query);
  }

  end(): void {
    if (!this.open) return;
    this.open = false;
    this.reader.run(COMMIT);
  }
}

const BEGIN = CompiledQuery.raw('begin');
const COMMIT = CompiledQuery.raw('commit');

class SplitSqliteDriver implements Driver {
  readonly writer: StatementCache;
  readonly reader: StatementCache | null;
  readonly snapshot: ReadSnapshot | null;
  readonly writeLock = new Mutex();

  constructor(writer: Connection, reader: Connection | null) {
    this.writer = new StatementCache(writer);
    this.reader = reader ? new StatementCache(reader) : null;
    this.snapshot = this.reader ? new ReadSnapshot(this.reader) : null;
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    return new RoutedConnection(this);
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    const routed = connection as RoutedConnection;
    await this.writeLock.lock();
    routed.pinned = true;
    // IMMEDIATE: the transaction holds the database's write lock from its first statement, so a read in it
    // (the number's consent row, which is its lock) cannot be overtaken by another process's write.
    this.writer.run(CompiledQuery.raw('begin immediate'));
  }

  async commitTransaction(): Promise<void> {
    this.writer.run(COMMIT);
    this.snapshot?.end();
  }

  async rollbackTransaction(): Promise<void> {
    this.writer.run(CompiledQuery.raw('rollback'));
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    const routed = connection as RoutedConnection;
    if (routed.pinned) {
      routed.pinned = false;
      this.writeLock.unlock();
    }
  }

  async destroy(): Promise<void> {
    this.snapshot?.end();
    this.reader?.connection.close();
    this.writer.connection.close();
  }
}

/** A hand-written SELECT (sql`...`) that SQLite confirms changes nothing; transaction control never qualifies. */
function isRawRead(reader: StatementCache, query: CompiledQuery): boolean {
  return RawNode.is(query.query) && /^\s*(select|with)\b/i.test(query.sql) && reader.statement(query.sql).readonly;
}

class RoutedConnection implements DatabaseConnection {
  /** Holds the writer for a transaction: every statement goes there until it ends. */
  pinned = false;

  constructor(private readonly driver: SplitSqliteDriver) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const { driver } = this;
    if (this.pinned) return driver.writer.run(query) as QueryResult<R>;
    if (driver.snapshot !== null && (SelectQueryNode.is(query.query) || isRawRead(driver.reader!, query))) return driver.snapshot.run(query) as QueryResult<R>;
    await driver.writeLock.lock();
    try {
      return driver.writer.run(query) as QueryResult<R>;
    } finally {
      // A write outside a transaction commits by itself: later reads must see it.
      driver.snapshot?.end();
      driver.writeLock.unlock();
    }
  }

  async *streamQuery<R>(query: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    if (!SelectQueryNode.is(query.query)) throw new Error('SQLite streams only SELECT queries.');
    const { driver } = this;
    // An iterating statement keeps its connection busy, so a stream takes the writer for as long as it runs.
    if (!this.pinned) await driver.writeLock.lock();
    try {
      const statement = driver.writer.connection.prepare(query.sql);
      for (const row of statement.iterate(query.parameters as unknown[])) yield { rows: [row as R] };
    } finally {
      if (!this.pinned) driver.writeLock.unlock();
    }
  }
}
