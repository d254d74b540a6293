import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Encrypts provider secrets at rest with AES-256-GCM. The ciphertext is
 * "iv:tag:data" in base64 and is bound (as additional authenticated data)
 * to what it belongs to, e.g. "org-id:twilio", so a ciphertext copied onto
 * another organization's row does not decrypt.
 */
export interface TokenCipher {
  encrypt(plaintext: string, context: string): string;
  /** Throws when the key is wrong or the ciphertext or its context was altered. */
  decrypt(ciphertext: string, context: string): string;
}

const IV_BYTES = 12;

export function createTokenCipher(key: Buffer): TokenCipher {
  if (key.length !== 32) throw new Error('The secret key must be 32 bytes.');
  return {
    encrypt(plaintext, context) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return [iv, cipher.getAuthTag(), data].map((part) => part.toString('base64')).join(':');
    },
    decrypt(ciphertext, context) {
      const parts = ciphertext.split(':');
      if (parts.length !== 3) throw new Error('Stored secret is not in iv:tag:data form.');
      const [iv, tag, data] = parts.map((part) => Buffer.from(part, 'base64')) as [Buffer, Buffer, Buffer];
      const decipher = createDecipheriv('aes-256-gcm', key, iv);
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(tag);
      try {
        return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
      } catch {
        throw new Error('A stored provider secret could not be decrypted: SECRET_KEY differs from the key it was saved with, or the row was altered.');
      }
    },
  };
}
