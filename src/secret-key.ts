import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { decodeKey, type Config } from './config.js';

export const SECRET_KEY_FILE = 'secret.key';

/**
 * The key that encrypts provider tokens at rest: SECRET_KEY when set;
 * otherwise a random key kept in DATA_DIR/secret.key (mode 0600), created on
 * first start. Instances sharing one database must share the key, so the
 * file is fine for one machine and SECRET_KEY is the way for several.
 */
export function loadOrCreateSecretKey(config: Pick<Config, 'secretKey' | 'dataDir'>, logger: Logger): Buffer {
  if (config.secretKey !== null) {
    const key = decodeKey(config.secretKey);
    if (!key) throw new Error('SECRET_KEY is not a 32-byte key.');
    return key;
  }
  const path = join(config.dataDir, SECRET_KEY_FILE);
  mkdirSync(config.dataDir, { recursive: true });
  try {
    // "wx": of two instances starting at once, one writes and the other reads what it wrote.
    writeFileSync(path, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    logger.warn({ path }, 'SECRET_KEY is not set: created a random key file that encrypts provider tokens. Every instance sharing this database must use the same key; set SECRET_KEY (e.g. `openssl rand -base64 32`) when running more than one.');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    logger.warn({ path }, 'SECRET_KEY is not set: using the key file. Every instance sharing this database must use the same key; set SECRET_KEY when running more than one.');
  }
  const key = decodeKey(readFileSync(path, 'utf8').trim());
  if (!key) throw new Error(`${path} does not hold a 32-byte key; delete it only if no provider tokens were saved with it.`);
  return key;
}
