import { PostgresAdapter, type Kysely, type Transaction } from 'kysely';
import type { Database } from './schema.js';

/** A database handle or an open transaction; repositories accept either. */
export type Executor = Kysely<Database>;
/** Repositories that lock rows take a Transaction, so the type system ensures a lock is held inside one. */
export type Trx = Transaction<Database>;

export function isPostgres(db: Executor): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** True for a unique-constraint violation in either database. */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code } = error as { code?: unknown };
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** Escapes LIKE wildcards in user text; pair with `escape '\\'`. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}
