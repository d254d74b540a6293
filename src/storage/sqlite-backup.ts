import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { createOwnerOnlyFile } from './database.js';

/**
 * A consistent online copy of a SQLite database through SQLite's backup API:
 * the server may keep writing while it runs, and the copy is one committed
 * state (never a torn file, unlike copying the file and its WAL by hand).
 */
export async function backupSqliteDatabase(sourcePath: string, destinationPath: string): Promise<{ pages: number }> {
  if (!existsSync(sourcePath)) throw new Error(`No SQLite database at ${sourcePath}.`);
  mkdirSync(dirname(destinationPath), { recursive: true });
  const source = new SqliteDatabase(sourcePath, { fileMustExist: true });
  try {
    source.pragma('busy_timeout = 5000');
    const temporary = `${destinationPath}.partial`;
    rmSync(temporary, { force: true });
    // A copy of the database is as private as the database.
    createOwnerOnlyFile(temporary);
    const result = await source.backup(temporary);
    const copy = new SqliteDatabase(temporary);
    try {
      // The copy carries no WAL: fold everything into the main file.
      copy.pragma('journal_mode = DELETE');
      const integrity = copy.pragma('integrity_check', { simple: true });
      if (integrity !== 'ok') throw new Error(`The backup failed its integrity check: ${String(integrity)}`);
    } finally {
      copy.close();
    }
    renameSync(temporary, destinationPath);
    return { pages: result.totalPages };
  } finally {
    source.close();
  }
}

/**
 * Puts a backup in place of a database that is not in use: checks the
 * backup, removes the old WAL and shared-memory files, and swaps the file in
 * with a rename so a crash midway leaves either the old or the new database.
 */
export function restoreSqliteDatabase(backupPath: string, targetPath: string): void {
  if (!existsSync(backupPath)) throw new Error(`No backup at ${backupPath}.`);
  const check = new SqliteDatabase(backupPath, { readonly: true, fileMustExist: true });
  try {
    const integrity = check.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') throw new Error(`The backup failed its integrity check: ${String(integrity)}`);
  } finally {
    check.close();
  }
  mkdirSync(dirname(targetPath), { recursive: true });
  const staging = `${targetPath}.restoring`;
  copyFileSync(backupPath, staging);
  rmSync(`${targetPath}-wal`, { force: true });
  rmSync(`${targetPath}-shm`, { force: true });
  renameSync(staging, targetPath);
}
