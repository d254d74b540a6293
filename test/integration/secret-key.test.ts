import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createTokenCipher } from '../../src/providers/token-cipher.js';
import { loadOrCreateSecretKey, SECRET_KEY_FILE } from '../../src/secret-key.js';

describe('the key that encrypts provider tokens', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'secret-key-'));
    dirs.push(dir);
    return dir;
  };

  it('uses SECRET_KEY when set', () => {
    const key = loadOrCreateSecretKey({ secretKey: 'ab'.repeat(32), dataDir: tempDir() }, pino({ level: 'silent' }));
    expect(key.equals(Buffer.from('ab'.repeat(32), 'hex'))).toBe(true);
  });

  it('without SECRET_KEY creates a 0600 key file once, warns that instances must share it, and reuses it', () => {
    const dataDir = join(tempDir(), 'data');
    const warnings: string[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => void warnings.push(line) });
    const first = loadOrCreateSecretKey({ secretKey: null, dataDir }, logger);
    const path = join(dataDir, SECRET_KEY_FILE);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(Buffer.from(readFileSync(path, 'utf8').trim(), 'base64').equals(first)).toBe(true);
    expect(warnings.join('')).toMatch(/SECRET_KEY is not set.*same key/);
    const again = loadOrCreateSecretKey({ secretKey: null, dataDir }, logger);
    expect(again.equals(first)).toBe(true);
  });

  it('encrypts with AES-256-GCM bound to its owner: a wrong key or another owner cannot decrypt', () => {
    const cipher = createTokenCipher(Buffer.alloc(32, 1));
    const sealed = cipher.encrypt('s3cret-token', 'org-1:twilio');
    expect(sealed).not.toContain('s3cret');
    expect(cipher.encrypt('s3cret-token', 'org-1:twilio')).not.toBe(sealed);
    expect(cipher.decrypt(sealed, 'org-1:twilio')).toBe('s3cret-token');
    expect(() => cipher.decrypt(sealed, 'org-2:twilio')).toThrow(/could not be decrypted/);
    expect(() => createTokenCipher(Buffer.alloc(32, 2)).decrypt(sealed, 'org-1:twilio')).toThrow(/could not be decrypted/);
  });
});
