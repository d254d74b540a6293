/**
 * Bulk-loads a generated Dataset straight into the tables (the server's own
 * schema, after its migrations ran): big transactions, prepared statements on
 * SQLite, unnest() arrays on PostgreSQL. Continues the organization's consent
 * ledger from its head, so GET /api/v1/consent-ledger/verify still passes.
 */
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { phoneDigits } from '../../src/domain/phone.js';
import { ruleOf, type Dataset } from './dataset.js';

export interface LedgerHead {
  seq: number;
  hash: string;
}

const CHUNK = 20_000;

export async function readLedgerHeadSqlite(path: string, organizationId: string): Promise<LedgerHead> {
  const db = new SqliteDatabase(path);
  try {
    return db.prepare('select seq, hash from ledger_heads where organization_id = ?').get(organizationId) as LedgerHead;
  } finally {
    db.close();
  }
}

export async function readLedgerHeadPostgres(url: string, organizationId: string): Promise<LedgerHead> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query('select seq, hash from ledger_heads where organization_id = $1', [organizationId]);
    return { seq: Number(rows[0].seq), hash: rows[0].hash };
  } finally {
    await client.end();
  }
}

export function seedSqlite(path: string, organizationId: string, data: Dataset, expectedHead: LedgerHead): void {
  const db = new SqliteDatabase(path);
  db.pragma('busy_timeout = 30000');
  const n = data.contacts.id.length;
  const optOutAt = new Map<number, number>();
  for (let j = 0; j < data.optOuts.contact.length; j += 1) optOutAt.set(data.optOuts.contact[j]!, j);

  const insertContact = db.prepare(
    `insert into contacts (id, organization_id, name, phone, phone_digits, email, notes, tags, created_at, updated_at, deleted_at)
     values (?, ?, ?, ?, ?, ?, null, '[]', ?, ?, null)`,
  );
  const insertConsent = db.prepare(
    `insert into phone_consent (organization_id, phone, opted_out, changed_at, source, keyword, rule, reason, event_id, review_pending)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, 0)`,
  );
  const insertEvent = db.prepare(
    `insert into consent_events (id, organization_id, seq, type, phone, source, keyword, rule, reason, note, attestation, actor_user_id, message_id, created_at, prev_hash, hash)
     values (?, ?, ?, 'opted_out', ?, ?, ?, ?, ?, null, null, null, null, ?, ?, ?)`,
  );
  const c = data.contacts;
  const o = data.optOuts;
  for (let from = 0; from < n; from += CHUNK * 5) {
    db.transaction(() => {
      for (let i = from; i < Math.min(n, from + CHUNK * 5); i += 1) {
        insertContact.run(c.id[i], organizationId, c.name[i], c.phone[i], phoneDigits(c.phone[i]!), c.email[i], c.createdAt[i], c.createdAt[i]);
        const j = optOutAt.get(i);
        if (j === undefined) insertConsent.run(organizationId, c.phone[i], 0, null, null, null, null, null, null);
        else insertConsent.run(organizationId, c.phone[i], 1, o.changedAt[j], o.source[j], o.keyword[j], ruleOf(o.source[j]!), o.reason[j], o.eventId[j]);
      }
    })();
  }
  db.transaction(() => {
    const head = db.prepare('select seq, hash from ledger_heads where organization_id = ?').get(organizationId) as LedgerHead;
    if (head.seq !== expectedHead.seq || head.hash !== expectedHead.hash) throw new Error('The ledger moved while seeding; seed with the server idle.');
    for (let j = 0; j < o.contact.length; j += 1) {
      const phone = c.phone[o.contact[j]!]!;
      insertEvent.run(o.eventId[j], organizationId, o.seq[j], phone, o.source[j], o.keyword[j], ruleOf(o.source[j]!), o.reason[j], o.changedAt[j], o.prevHash[j], o.hash[j]);
    }
    db.prepare('update ledger_heads set seq = ?, hash = ? where organization_id = ?').run(data.headSeq, data.headHash, organizationId);
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}

export async function seedPostgres(url: string, organizationId: string, data: Dataset, expectedHead: LedgerHead): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const n = data.contacts.id.length;
    const c = data.contacts;
    const o = data.optOuts;
    const optOutAt = new Map<number, number>();
    for (let j = 0; j < o.contact.length; j += 1) optOutAt.set(o.contact[j]!, j);

    for (let from = 0; from < n; from += CHUNK * 5) {
      await client.query('begin');
      for (let start = from; start < Math.min(n, from + CHUNK * 5); start += CHUNK) {
        const end = Math.min(n, start + CHUNK);
        const ids = c.id.slice(start, end);
        const phones = c.phone.slice(start, end);
        await client.query(
          `insert into contacts (id, organization_id, name, phone, phone_digits, email, notes, tags, created_at, updated_at, deleted_at)
           select id, $1, name, phone, phone_digits, email, null, '[]', created_at, created_at, null
           from unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) as t(id, name, phone, phone_digits, email, created_at)`,
          [organizationId, ids, c.name.slice(start, end), phones, phones.map(phoneDigits), c.email.slice(start, end), c.createdAt.slice(start, end)],
        );
        const consent = { optedOut: [] as number[], changedAt: [] as (string | null)[], source: [] as (string | null)[], keyword: [] as (string | null)[], rule: [] as (string | null)[], reason: [] as (string | null)[], eventId: [] as (string | null)[] };
        for (let i = start; i < end; i += 1) {
          const j = optOutAt.get(i);
          consent.optedOut.push(j === undefined ? 0 : 1);
          consent.changedAt.push(j === undefined ? null : o.changedAt[j]!);
          consent.source.push(j === undefined ? null : o.source[j]!);
          consent.keyword.push(j === undefined ? null : o.keyword[j]!);
          consent.rule.push(j === undefined ? null : ruleOf(o.source[j]!));
          consent.reason.push(j === undefined ? null : o.reason[j]!);
          consent.eventId.push(j === undefined ? null : o.eventId[j]!);
        }
        await client.query(
          `insert into phone_consent (organization_id, phone, opted_out, changed_at, source, keyword, rule, reason, event_id, review_pending)
           select $1, phone, opted_out, changed_at, source, keyword, rule, reason, event_id, 0
           from unnest($2::text[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[]) as t(phone, opted_out, changed_at, source, keyword, rule, reason, event_id)`,
          [organizationId, phones, consent.optedOut, consent.changedAt, consent.source, consent.keyword, consent.rule, consent.reason, consent.eventId],
        );
      }
      await client.query('commit');
    }

    await client.query('begin');
    const { rows } = await client.query('select seq, hash from ledger_heads where organization_id = $1 for update', [organizationId]);
    if (Number(rows[0].seq) !== expectedHead.seq || rows[0].hash !== expectedHead.hash) throw new Error('The ledger moved while seeding; seed with the server idle.');
    for (let start = 0; start < o.contact.length; start += CHUNK) {
      const end = Math.min(o.contact.length, start + CHUNK);
      const idx = Array.from(o.contact.subarray(start, end));
      await client.query(
        `insert into consent_events (id, organization_id, seq, type, phone, source, keyword, rule, reason, note, attestation, actor_user_id, message_id, created_at, prev_hash, hash)
         select id, $1, seq, 'opted_out', phone, source, keyword, rule, reason, null, null, null, null, created_at, prev_hash, hash
         from unnest($2::text[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])
           as t(id, seq, phone, source, keyword, rule, reason, created_at, prev_hash, hash)`,
        [
          organizationId,
          o.eventId.slice(start, end),
          Array.from(o.seq.subarray(start, end)),
          idx.map((i) => c.phone[i]!),
          o.source.slice(start, end),
          o.keyword.slice(start, end),
          o.source.slice(start, end).map(ruleOf),
          o.reason.slice(start, end),
          o.changedAt.slice(start, end),
          o.prevHash.slice(start, end),
          o.hash.slice(start, end),
        ],
      );
    }
    await client.query('update ledger_heads set seq = $1, hash = $2 where organization_id = $3', [data.headSeq, data.headHash, organizationId]);
    await client.query('commit');
    // What autovacuum does within a minute of a bulk load; done here so the measurement does not depend on its timing.
    // number_search was filled by triggers as the rows went in (migration 0005).
    await client.query('vacuum analyze contacts, phone_consent, consent_events, number_search');
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}
