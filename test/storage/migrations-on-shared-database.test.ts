import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openStorage } from '../../src/storage/database.js';
import { TEST_POSTGRES_URL, withAdminClient } from '../support/databases.js';

/**
 * On a database shared with others, schemas come and go while this service
 * starts. Its migrations must not trip over someone else's DROP SCHEMA.
 */
describe('migrating while other schemas are being dropped (postgres)', () => {
  it('migrates every time', async () => {
    const name = () => `churn_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
    const ours = Array.from({ length: 6 }, name);
    const theirs = Array.from({ length: 40 }, name);
    await withAdminClient(async (client) => {
      for (const schema of [...ours, ...theirs]) {
        await client.query(`create schema ${schema}`);
        await client.query(`create table ${schema}.things (id int, label text)`);
      }
    });
    let stopChurn = false;
    const churn = withAdminClient(async (client) => {
      for (const schema of theirs) {
        if (stopChurn) break;
        await client.query(`drop schema ${schema} cascade`);
      }
    });
    try {
      const results = await Promise.allSettled(
        ours.map(async (schema) => {
          const storage = openStorage({ dialect: 'postgres', connectionString: TEST_POSTGRES_URL, schema, poolSize: 2 });
          try {
            await storage.migrate();
          } finally {
            await storage.close();
          }
        }),
      );
      expect(results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason))).toEqual([]);
    } finally {
      stopChurn = true;
      await churn;
      await withAdminClient(async (client) => {
        for (const schema of [...ours, ...theirs]) await client.query(`drop schema if exists ${schema} cascade`);
      });
    }
  }, 120_000);
});
