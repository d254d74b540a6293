import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openStorage } from '../../src/storage/database.js';
import { backupSqliteDatabase } from '../../src/storage/sqlite-backup.js';

const modeOf = (path: string) => statSync(path).mode & 0o777;

describe('SQLite files', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('are created readable by their owner only (0600), like secret.key, whatever the umask, and so are backups', async () => {
    const previous = process.umask(0o022);
    try {
      const dir = mkdtempSync(join(tmpdir(), 'optout-mode-'));
      dirs.push(dir);
      const path = join(dir, 'data', 'opt-out.db');
      const storage = openStorage({ dialect: 'sqlite', path });
      await storage.migrate();
      await sql`insert into organizations (id, name, default_country, settings, created_at) values ('o1', 'Acme', 'US', '{}', '2026-12-01')`.execute(storage.db);
      for (const file of [path, `${path}-wal`, `${path}-shm`]) expect(modeOf(file).toString(8), file).toBe('600');
      expect(modeOf(join(dir, 'data')) & 0o077).toBe(0);
      await backupSqliteDatabase(path, join(dir, 'backup.db'));
      expect(modeOf(join(dir, 'backup.db')).toString(8)).toBe('600');
      await storage.close();

      // A database an older version left world-readable is narrowed when opened.
      const old = join(dir, 'old.db');
      writeFileSync(old, '');
      chmodSync(old, 0o644);
      const reopened = openStorage({ dialect: 'sqlite', path: old });
      await reopened.migrate();
      expect(modeOf(old).toString(8)).toBe('600');
      await reopened.close();
    } finally {
      process.umask(previous);
    }
  });
});
