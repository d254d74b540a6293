/**
 * 6. Opt-out insights (GET /api/v1/analytics/…) at full size, one request at a
 * time. Before measuring, the organization's outreach history is seeded
 * straight into the tables in bulk (the opt-outs are already there): three
 * sender numbers, eight sequences, 400,000 outbound texts over the last year
 * (120,000 of them to numbers in the days before they opted out, 70% of all
 * from sequences, with their enrollments and step runs) and 2,000 review items.
 */
import { randomUUID } from 'node:crypto';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { createRandom } from '../dataset.js';
import { request } from '../lib/http.js';
import type { Proc } from '../lib/processes.js';
import { log, percentile } from '../lib/util.js';
import type { PhaseContext } from './context.js';

const DAY = 24 * 60 * 60 * 1000;
const SENDERS = ['+14155550900', '+14155550901', '+14155550902'];
const SEQUENCES = 8;
const BACKGROUND_TEXTS = 280_000;
const REVIEW_ITEMS = 2_000;

export interface AnalyticsLatency {
  /** What was asked, e.g. "opt-outs, 30 days by day". */
  name: string;
  p50: number;
  p95: number;
}

export interface AnalyticsResult {
  seedSeconds: number;
  texts: number;
  latencies: AnalyticsLatency[];
}

interface Outreach {
  messages: { id: string; contactId: string; to: string; from: string; status: string; purpose: string; sentAt: string; sequenceId: string | null }[];
  sequences: { id: string; name: string }[];
  /** One enrollment (completed) and one step run per sequence text. */
  runs: { enrollmentId: string; sequenceId: string; messageId: string; contactId: string; phone: string; at: string }[];
  reviews: { id: string; messageId: string; contactId: string; phone: string; receivedAt: string; deadline: string; status: string; decidedAt: string | null }[];
}

function generateOutreach(ctx: PhaseContext, now: number): Outreach {
  const random = createRandom(2026);
  const c = ctx.data.contacts;
  const o = ctx.data.optOuts;
  const sequences = Array.from({ length: SEQUENCES }, (_, i) => ({ id: randomUUID(), name: `Sequence ${i + 1}` }));
  const out: Outreach = { messages: [], sequences, runs: [], reviews: [] };
  const addText = (contact: number, at: number) => {
    const id = randomUUID();
    const sequence = random() < 0.7 ? sequences[Math.floor(random() * SEQUENCES)]! : null;
    const roll = random();
    const status = roll < 0.9 ? 'delivered' : roll < 0.97 ? 'sent' : 'failed';
    const sentAt = new Date(at).toISOString();
    out.messages.push({ id, contactId: c.id[contact]!, to: c.phone[contact]!, from: SENDERS[Math.floor(random() * SENDERS.length)]!, status, purpose: sequence ? 'sequence' : 'manual', sentAt, sequenceId: sequence?.id ?? null });
    if (sequence) out.runs.push({ enrollmentId: randomUUID(), sequenceId: sequence.id, messageId: id, contactId: c.id[contact]!, phone: c.phone[contact]!, at: sentAt });
  };
  // Texts before opt-outs: most within the 7-day window, some just outside it.
  for (let j = 0; j < o.contact.length; j += 1) {
    if (random() < 0.6) addText(o.contact[j]!, Date.parse(o.changedAt[j]!) - Math.floor(random() * 10 * DAY) - 60_000);
  }
  for (let k = 0; k < BACKGROUND_TEXTS; k += 1) addText(Math.floor(random() * c.id.length), now - Math.floor(random() * 365 * DAY));
  for (let k = 0; k < REVIEW_ITEMS; k += 1) {
    const contact = Math.floor(random() * c.id.length);
    const received = now - Math.floor(random() * 60 * DAY);
    const pending = k % 10 === 0;
    const decided = pending ? null : new Date(received + Math.floor(random() * 3 * DAY)).toISOString();
    out.reviews.push({ id: randomUUID(), messageId: randomUUID(), contactId: c.id[contact]!, phone: c.phone[contact]!, receivedAt: new Date(received).toISOString(), deadline: new Date(received + 14 * DAY).toISOString(), status: pending ? 'pending' : k % 3 === 0 ? 'opted_out' : 'not_a_revocation', decidedAt: decided });
  }
  return out;
}

function seedSqlite(path: string, organizationId: string, data: Outreach, now: string): void {
  const db = new SqliteDatabase(path);
  db.pragma('busy_timeout = 30000');
  const number = db.prepare(`insert into phone_numbers (id, organization_id, phone_number, provider, created_at) values (?, ?, ?, 'console', ?)`);
  const sequence = db.prepare(`insert into sequences (id, organization_id, name, steps, created_at) values (?, ?, ?, '[{"type":"sms","body":"Hi","delayMinutes":0}]', ?)`);
  const message = db.prepare(
    `insert into messages (id, organization_id, contact_id, direction, from_number, to_number, body, status, purpose, provider, sent_at, created_at, updated_at, sequence_id)
     values (?, ?, ?, 'outbound', ?, ?, 'Hello from Acme Solar', ?, ?, 'console', ?, ?, ?, ?)`,
  );
  const enrollment = db.prepare(
    `insert into sequence_enrollments (id, organization_id, sequence_id, contact_id, phone, status, next_step_index, created_at, updated_at, completed_at)
     values (?, ?, ?, ?, ?, 'completed', 1, ?, ?, ?)`,
  );
  const run = db.prepare('insert into sequence_step_runs (enrollment_id, step_index, message_id, created_at) values (?, 0, ?, ?)');
  const inbound = db.prepare(
    `insert into messages (id, organization_id, contact_id, direction, from_number, body, status, purpose, action, created_at, updated_at)
     values (?, ?, ?, 'inbound', ?, 'not interested', 'received', 'inbound', 'review', ?, ?)`,
  );
  const review = db.prepare(
    `insert into review_items (id, organization_id, message_id, contact_id, phone, body, rule, language, received_at, deadline, status, decided_at)
     values (?, ?, ?, ?, ?, 'not interested', 'review.not_interested', 'en', ?, ?, ?, ?)`,
  );
  db.transaction(() => {
    for (const phone of SENDERS) number.run(randomUUID(), organizationId, phone, now);
    for (const s of data.sequences) sequence.run(s.id, organizationId, s.name, now);
    for (const m of data.messages) message.run(m.id, organizationId, m.contactId, m.from, m.to, m.status, m.purpose, m.sentAt, m.sentAt, m.sentAt, m.sequenceId);
    for (const r of data.runs) {
      enrollment.run(r.enrollmentId, organizationId, r.sequenceId, r.contactId, r.phone, r.at, r.at, r.at);
      run.run(r.enrollmentId, r.messageId, r.at);
    }
    for (const r of data.reviews) {
      inbound.run(r.messageId, organizationId, r.contactId, r.phone, r.receivedAt, r.receivedAt);
      review.run(r.id, organizationId, r.messageId, r.contactId, r.phone, r.receivedAt, r.deadline, r.status, r.decidedAt);
    }
  })();
  db.exec('analyze');
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}

async function seedPostgres(url: string, organizationId: string, data: Outreach, now: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const CHUNK = 20_000;
  const chunks = async <T>(rows: T[], insert: (part: T[]) => Promise<unknown>) => {
    for (let i = 0; i < rows.length; i += CHUNK) await insert(rows.slice(i, i + CHUNK));
  };
  try {
    await client.query('begin');
    for (const phone of SENDERS) {
      await client.query(`insert into phone_numbers (id, organization_id, phone_number, provider, created_at) values ($1, $2, $3, 'console', $4)`, [randomUUID(), organizationId, phone, now]);
    }
    for (const s of data.sequences) {
      await client.query(`insert into sequences (id, organization_id, name, steps, created_at) values ($1, $2, $3, '[{"type":"sms","body":"Hi","delayMinutes":0}]', $4)`, [s.id, organizationId, s.name, now]);
    }
    await chunks(data.messages, (part) =>
      client.query(
        `insert into messages (id, organization_id, contact_id, direction, from_number, to_number, body, status, purpose, provider, sent_at, created_at, updated_at, sequence_id)
         select id, $1, contact_id, 'outbound', from_number, to_number, 'Hello from Acme Solar', status, purpose, 'console', sent_at, sent_at, sent_at, sequence_id
         from unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[]) as t(id, contact_id, from_number, to_number, status, purpose, sent_at, sequence_id)`,
        [organizationId, part.map((m) => m.id), part.map((m) => m.contactId), part.map((m) => m.from), part.map((m) => m.to), part.map((m) => m.status), part.map((m) => m.purpose), part.map((m) => m.sentAt), part.map((m) => m.sequenceId)],
      ),
    );
    await chunks(data.runs, async (part) => {
      await client.query(
        `insert into sequence_enrollments (id, organization_id, sequence_id, contact_id, phone, status, next_step_index, created_at, updated_at, completed_at)
         select id, $1, sequence_id, contact_id, phone, 'completed', 1, at, at, at
         from unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) as t(id, sequence_id, contact_id, phone, at)`,
        [organizationId, part.map((r) => r.enrollmentId), part.map((r) => r.sequenceId), part.map((r) => r.contactId), part.map((r) => r.phone), part.map((r) => r.at)],
      );
      await client.query(
        `insert into sequence_step_runs (enrollment_id, step_index, message_id, created_at)
         select enrollment_id, 0, message_id, at from unnest($1::text[], $2::text[], $3::text[]) as t(enrollment_id, message_id, at)`,
        [part.map((r) => r.enrollmentId), part.map((r) => r.messageId), part.map((r) => r.at)],
      );
    });
    for (const r of data.reviews) {
      await client.query(
        `insert into messages (id, organization_id, contact_id, direction, from_number, body, status, purpose, action, created_at, updated_at)
         values ($1, $2, $3, 'inbound', $4, 'not interested', 'received', 'inbound', 'review', $5, $5)`,
        [r.messageId, organizationId, r.contactId, r.phone, r.receivedAt],
      );
      await client.query(
        `insert into review_items (id, organization_id, message_id, contact_id, phone, body, rule, language, received_at, deadline, status, decided_at)
         values ($1, $2, $3, $4, $5, 'not interested', 'review.not_interested', 'en', $6, $7, $8, $9)`,
        [r.id, organizationId, r.messageId, r.contactId, r.phone, r.receivedAt, r.deadline, r.status, r.decidedAt],
      );
    }
    await client.query('commit');
    // As autovacuum would soon after a load this size: fresh statistics and a visibility map for index-only scans.
    await client.query('vacuum analyze');
  } finally {
    await client.end();
  }
}

/** The local date `days` before today in New York (the organization's default time zone). */
function newYorkDate(now: number, daysBack: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York' }).format(new Date(now - daysBack * DAY));
}

export async function measureAnalytics(ctx: PhaseContext, server: Proc, rounds = 20): Promise<AnalyticsResult> {
  const now = Date.now();
  const seedStarted = Date.now();
  const data = generateOutreach(ctx, now);
  if (ctx.db.dialect === 'sqlite') seedSqlite(ctx.db.sqlitePath, ctx.organizationId, data, new Date(now).toISOString());
  else await seedPostgres(ctx.db.pgUrl, ctx.organizationId, data, new Date(now).toISOString());
  const seedSeconds = (Date.now() - seedStarted) / 1000;
  log(`${ctx.db.dialect}: analytics: seeded ${data.messages.length} texts, ${data.runs.length} sequence runs, ${data.reviews.length} review items in ${seedSeconds.toFixed(1)} s`);

  const year = `from=${newYorkDate(now, 365)}`;
  const quarter = `from=${newYorkDate(now, 89)}`;
  const queries: [string, string][] = [
    ['opt-outs, 30 days by day', '/api/v1/analytics/opt-outs'],
    ['opt-outs, 90 days by day', `/api/v1/analytics/opt-outs?${quarter}`],
    ['opt-outs, 366 days by week', `/api/v1/analytics/opt-outs?${year}&interval=week`],
    ['rates by sequence, 30 days', '/api/v1/analytics/opt-out-rates?groupBy=sequence'],
    ['rates by number, 30 days', '/api/v1/analytics/opt-out-rates?groupBy=number'],
    ['rates by sequence, 90 days', `/api/v1/analytics/opt-out-rates?groupBy=sequence&${quarter}`],
    ['review-queue health, 30 days', '/api/v1/analytics/review-queue'],
  ];
  const latencies: AnalyticsLatency[] = [];
  for (const [name, path] of queries) {
    const warm = await request(server.url, 'GET', path, ctx.auth);
    if (warm.status !== 200) throw new Error(`GET ${path}: ${warm.status} ${warm.body.slice(0, 200)}`);
    const body = JSON.parse(warm.body) as { totals?: { optedOut: number }; items?: unknown[]; optedOut?: number; decided?: number };
    if (body.totals !== undefined && body.totals.optedOut === 0) ctx.checks.push(`${name}: no opt-outs counted`);
    if (body.items !== undefined && body.items.length === 0) ctx.checks.push(`${name}: no items`);
    const times: number[] = [];
    for (let round = 0; round < rounds; round += 1) {
      const started = process.hrtime.bigint();
      const res = await request(server.url, 'GET', path, ctx.auth);
      times.push(Number(process.hrtime.bigint() - started) / 1e6);
      if (res.status !== 200) throw new Error(`GET ${path}: ${res.status}`);
    }
    times.sort((a, b) => a - b);
    latencies.push({ name, p50: percentile(times, 50), p95: percentile(times, 95) });
    log(`${ctx.db.dialect}: analytics ${name}: p50 ${percentile(times, 50).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms (${body.totals ? `${body.totals.optedOut} opt-outs` : body.items ? `${body.items.length} items, ${body.optedOut} opt-outs` : `${body.decided} decided`})`);
  }
  return { seedSeconds, texts: data.messages.length, latencies };
}
