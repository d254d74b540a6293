import { AppError } from '../domain/errors.js';

/** An opaque cursor: the sort key of the last row of the previous page. */
export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, arity: number): (string | number)[] {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length === arity && key.every((v) => typeof v === 'string' || typeof v === 'number')) {
      return key as (string | number)[];
    }
  } catch {
    // fall through to the error below
  }
  throw new AppError('invalid_request', 'cursor: not a cursor this list returned.', { field: 'cursor' });
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Splits the limit+1 rows a query fetched into a page and the cursor for the next one. */
export function toPage<R, T>(rows: R[], limit: number, keyOf: (row: R) => (string | number)[], present: (row: R) => T): Page<T> {
  const pageRows = rows.slice(0, limit);
  const last = pageRows[pageRows.length - 1];
  return {
    items: pageRows.map(present),
    nextCursor: rows.length > limit && last !== undefined ? encodeCursor(keyOf(last)) : null,
  };
}
