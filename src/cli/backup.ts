import { resolve } from 'node:path';
import { loadConfig } from '../config.js';
import { storageTargetFromUrl } from '../storage/database.js';
import { backupSqliteDatabase, restoreSqliteDatabase } from '../storage/sqlite-backup.js';

/**
 * npm run backup -- <file>    consistent online backup of the SQLite database (the server may keep running)
 * npm run restore -- <file>   put a backup in place (stop the server first)
 */
async function main(): Promise<void> {
  const [command, file] = process.argv.slice(2);
  if ((command !== 'backup' && command !== 'restore') || !file) {
    process.stderr.write('Usage: npm run backup -- <backup-file>   |   npm run restore -- <backup-file>\n');
    process.exit(2);
  }
  const config = loadConfig();
  const target = storageTargetFromUrl(config.databaseUrl);
  if (target.dialect !== 'sqlite') {
    process.stderr.write('DATABASE_URL is PostgreSQL: back it up with pg_dump (or your provider\'s snapshots), restore with pg_restore.\n');
    process.exit(2);
  }
  const path = resolve(file);
  if (command === 'backup') {
    const { pages } = await backupSqliteDatabase(target.path, path);
    process.stdout.write(`Backed up ${target.path} to ${path} (${pages} pages).\n`);
  } else {
    restoreSqliteDatabase(path, target.path);
    process.stdout.write(`Restored ${path} into ${target.path}. Start the server; run npm run verify-ledger to check the consent ledger.\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
