/**
 * What the number_search triggers (migration 0005) cost PostgreSQL per
 * opt-out: 10,000 opt-outs as single-row UPDATEs of phone_consent in one
 * server-side loop, with the triggers and with them disabled, twice each,
 * in a fresh schema of 100,000 contacts that it drops at the end.
 *
 *   npx tsx scripts/bench/trigger-cost.ts
 *
 * PostgreSQL at BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/test).
 */
import pg from 'pg';
import { openStorage } from '../../src/storage/database.js';

const url = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `trigger_cost_${Date.now().toString(36)}`;
const OPT_OUTS = 10_000;

const client = new pg.Client({ connectionString: url });
await client.connect();
try {
  await client.query(`create schema ${schema}`);
  const storage = openStorage({ dialect: 'postgres', connectionString: url, schema, poolSize: 1 });
  await storage.migrate();
  await storage.close();
  await client.query(`set search_path to ${schema}`);
  await client.query(`insert into organizations (id, name, default_country, settings, created_at) values ('org', 'org', 'US', '{}', '2026-01-01T00:00:00Z')`);
  await client.query(`insert into contacts (id, organization_id, name, phone, phone_digits, email, notes, tags, created_at, updated_at)
    select 'c' || i, 'org', 'Name ' || i, '+1415' || lpad(i::text, 7, '0'), '1415' || lpad(i::text, 7, '0'), 'n' || i || '@example.com', null, '[]', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'
    from generate_series(1, 100000) i`);
  await client.query(`insert into phone_consent (organization_id, phone, opted_out, review_pending) select 'org', '+1415' || lpad(i::text, 7, '0'), 0, 0 from generate_series(1, 100000) i`);
  await client.query('vacuum analyze');

  const optOut = async (first: number): Promise<number> => {
    const started = process.hrtime.bigint();
    await client.query(`do $$ begin for i in ${first}..${first + OPT_OUTS - 1} loop
      update phone_consent set opted_out = 1, changed_at = '2026-02-01T00:00:00.000Z', source = 'keyword'
       where organization_id = 'org' and phone = '+1415' || lpad(i::text, 7, '0');
    end loop; end $$`);
    return Number(process.hrtime.bigint() - started) / 1000 / OPT_OUTS;
  };

  const rows: string[] = [];
  let next = 1;
  for (let round = 1; round <= 2; round += 1) {
    const withTriggers = await optOut(next);
    next += OPT_OUTS;
    await client.query('alter table phone_consent disable trigger user');
    const without = await optOut(next);
    next += OPT_OUTS;
    await client.query('alter table phone_consent enable trigger user');
    rows.push(`| ${round} | ${withTriggers.toFixed(1)} | ${without.toFixed(1)} | ${(withTriggers - without).toFixed(1)} |`);
  }
  console.log(['| Round | µs per opt-out, with triggers | without | difference |', '| --- | --- | --- | --- |', ...rows].join('\n'));
} finally {
  await client.query(`drop schema if exists ${schema} cascade`).catch(() => undefined);
  await client.end();
}
