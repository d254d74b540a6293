import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEST_POSTGRES_URL, withAdminClient } from '../../support/databases.js';

export interface FaultDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A fresh database a separate server process can be pointed at through DATABASE_URL. */
export async function createFaultDatabase(dialect: 'sqlite' | 'postgres'): Promise<FaultDatabase> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'optout-fault-'));
    return { url: `sqlite:${join(dir, 'fault.db')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `fault_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  await withAdminClient((client) => client.query(`create database ${name}`));
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await withAdminClient((client) => client.query(`drop database if exists ${name} with (force)`));
    },
  };
}
