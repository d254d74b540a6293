/**
 * The SQL of opt-out insights: counts of consent events per time bucket,
 * opt-outs attributed to the text that preceded them, delivered texts, and
 * the review queue's figures. Every query is scoped to one organization.
 * Indexes: migration 0011-analytics-indexes.
 */
import { sql, type RawBuilder } from 'kysely';
import { isPostgres, type Executor } from '../executor.js';

/** The six sources insights show; every stored source maps onto one (see INSIGHT_SOURCE). */
export type InsightSource = 'keyword' | 'phrase' | 'manual' | 'provider' | 'import' | 'review';

/**
 * How a stored consent event's source reads in insights, written once in SQL:
 * - review: a teammate's "opt out" decision in the review queue (stored as
 *   source phrase with the reviewer as actor), and the legacy source review;
 * - keyword: STOP and the other keywords, and the opt-out key pressed on a call;
 * - phrase: plain-language revocations matched by a rule;
 * - simulated texts (typed by a teammate in the simulator) count by what they
 *   matched: phrase when a phrase rule fired, keyword otherwise;
 * - manual: a teammate in the app (manual), an API key (api), a teammate
 *   recording a request made on a call (agent);
 * - provider: the provider reported the number unsubscribed (Twilio 21610);
 * - import: a CSV import.
 */
const INSIGHT_SOURCE = sql<InsightSource>`case
  when e.source = 'review' or (e.source = 'phrase' and e.actor_user_id is not null) then 'review'
  when e.source in ('keyword', 'keypress') then 'keyword'
  when e.source = 'phrase' then 'phrase'
  when e.source = 'simulated' and e.rule is not null then 'phrase'
  when e.source = 'simulated' then 'keyword'
  when e.source = 'provider' then 'provider'
  when e.source = 'import' then 'import'
  else 'manual' end`;

/** Outreach texts: what a person may opt out after. Automatic replies (confirmations, HELP) answer the person and are left out. */
const OUTREACH_PURPOSES = ['manual', 'api', 'sequence'] as const;

export interface BucketBounds {
  /** First instant of the bucket, ISO UTC, inclusive. */
  from: string;
  /** First instant after the bucket, ISO UTC, exclusive. */
  to: string;
}

export interface BucketCount {
  bucket: number;
  type: 'opted_out' | 'opted_in';
  source: InsightSource;
  count: number;
}

/**
 * Consent events per bucket, type and insight source. The buckets are joined
 * as a VALUES list, so each is one range scan of consent_events_timeline_idx
 * (which carries every column read), with no per-row time-zone arithmetic in
 * SQL. The cost is that of reading the range's events from the index: on a
 * loaded 2-core machine about 2 µs an event on SQLite (90 days, 74,000
 * opt-outs: p95 167 ms; a year, 169,000: p95 581 ms), see docs/benchmarks.md.
 */
export async function countConsentEventsByBucket(db: Executor, organizationId: string, buckets: BucketBounds[]): Promise<BucketCount[]> {
  if (buckets.length === 0) return [];
  const values = sql.join(buckets.map((b, i) => sql`(${sql.lit(i)}, ${b.from}, ${b.to})`));
  const result = await sql<{ bucket: number | string; type: 'opted_out' | 'opted_in'; source: InsightSource; count: number | string }>`
    with bounds (bucket, lo, hi) as (values ${values})
    select b.bucket as bucket, e.type as type, ${INSIGHT_SOURCE} as source, count(*) as count
    from bounds b
    join consent_events e on e.organization_id = ${organizationId} and e.created_at >= b.lo and e.created_at < b.hi
    group by b.bucket, e.type, 3`.execute(db);
  return result.rows.map((row) => ({ bucket: Number(row.bucket), type: row.type, source: row.source, count: Number(row.count) }));
}

/** An ISO timestamp column moved back seven days, still ISO text, in the engine's own date functions. */
function sevenDaysBefore(db: Executor, column: RawBuilder<unknown>): RawBuilder<string> {
  return isPostgres(db)
    ? sql<string>`to_char((${column}::timestamptz - interval '7 days') at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`
    : sql<string>`strftime('%Y-%m-%dT%H:%M:%fZ', ${column}, '-7 days')`;
}

/**
 * The opt-outs of a range, each with the sequence (or sender) of the last
 * outreach text its number received (sent or delivered, not failed) in the
 * seven days before it: one backward step in messages_outbound_received_idx
 * per opt-out, index only. This is the costly part of the rates: about 30 µs
 * an opt-out on a loaded 2-core machine, so a month of 32,000 opt-outs takes
 * about a second there (docs/benchmarks.md). A set-based form (the opt-outs
 * and the texts of the range in one window query) measured no faster.
 */
function attributedOptOuts(db: Executor, organizationId: string, groupBy: 'sequence' | 'number', from: string, to: string) {
  const windowStart = sevenDaysBefore(db, sql.ref('e.created_at'));
  const key = groupBy === 'sequence' ? sql.ref('m.sequence_id') : sql.ref('m.from_number');
  return sql`
    select (
      select ${key} from messages m
      where m.organization_id = e.organization_id and m.direction = 'outbound' and m.to_number = e.phone
        and m.sent_at < e.created_at and m.sent_at >= ${windowStart}
        and m.status in ('sent', 'delivered') and m.purpose in (${sql.join([...OUTREACH_PURPOSES])})
      order by m.sent_at desc
      limit 1
    ) as key
    from consent_events e
    where e.organization_id = ${organizationId} and e.type = 'opted_out' and e.created_at >= ${from} and e.created_at < ${to}`;
}

export interface GroupCount {
  /** The sequence id or the sender number (E.164). */
  key: string;
  count: number;
}

export interface AttributionCounts {
  groups: GroupCount[];
  /** Opt-outs of the range in all. */
  total: number;
  /** Opt-outs whose number received no outreach text (of a sequence, for sequences) in the 7 days before. */
  unattributed: number;
}

/** Opt-outs in [from, to) per sequence (or sender number) of the last text before them. */
export async function countAttributedOptOuts(db: Executor, organizationId: string, groupBy: 'sequence' | 'number', from: string, to: string): Promise<AttributionCounts> {
  // The key (sequence or sender) of the last text comes from messages_outbound_received_idx itself.
  const grouped = sql<{ key: string | null; count: number | string }>`
    with opt as (${attributedOptOuts(db, organizationId, groupBy, from, to)})
    select key, count(*) as count from opt group by key`;
  const rows = (await grouped.execute(db)).rows;
  let total = 0;
  let unattributed = 0;
  const groups: GroupCount[] = [];
  for (const row of rows) {
    const count = Number(row.count);
    total += count;
    if (row.key === null) unattributed += count;
    else groups.push({ key: row.key, count });
  }
  return { groups, total, unattributed };
}

/** Delivered outreach texts sent in [from, to), per sequence or sender number. */
export async function countDeliveredTexts(db: Executor, organizationId: string, groupBy: 'sequence' | 'number', from: string, to: string): Promise<GroupCount[]> {
  const delivered = sql`m.organization_id = ${organizationId} and m.direction = 'outbound' and m.sent_at >= ${from} and m.sent_at < ${to}
    and m.status = 'delivered' and m.purpose in (${sql.join([...OUTREACH_PURPOSES])})`;
  // One range scan of messages_outbound_sent_idx, which carries every column read here.
  const key = groupBy === 'sequence' ? sql.ref('m.sequence_id') : sql.ref('m.from_number');
  const query = sql<{ key: string; count: number | string }>`
    select ${key} as key, count(*) as count
    from messages m
    where ${delivered} and ${key} is not null
    group by ${key}`;
  return (await query.execute(db)).rows.map((row) => ({ key: row.key, count: Number(row.count) }));
}

export interface NamedRow {
  id: string;
  name: string;
  key: string;
}

/** The organization's sequences, keyed by id. */
export async function listSequenceNames(db: Executor, organizationId: string): Promise<NamedRow[]> {
  const rows = await db.selectFrom('sequences').select(['id', 'name']).where('organization_id', '=', organizationId).execute();
  return rows.map((row) => ({ id: row.id, name: row.name, key: row.id }));
}

/** The organization's sender numbers, keyed by the number. */
export async function listSenderNumberNames(db: Executor, organizationId: string): Promise<NamedRow[]> {
  const rows = await db.selectFrom('phone_numbers').select(['id', 'phone_number']).where('organization_id', '=', organizationId).execute();
  return rows.map((row) => ({ id: row.id, name: row.phone_number, key: row.phone_number }));
}

export interface PendingReviewSummary {
  pending: number;
  overdue: number;
  /** Pending, not yet overdue, due by `soon`. */
  dueSoon: number;
}

/** Pending review items: all, past their deadline at `now`, and due by `soon`. Reads the partial index of pending items. */
export async function summarizePendingReviews(db: Executor, organizationId: string, now: string, soon: string): Promise<PendingReviewSummary> {
  const row = await sql<{ pending: number | string; overdue: number | string | null; due_soon: number | string | null }>`
    select count(*) as pending,
      sum(case when deadline < ${now} then 1 else 0 end) as overdue,
      sum(case when deadline >= ${now} and deadline <= ${soon} then 1 else 0 end) as due_soon
    from review_items
    where organization_id = ${organizationId} and status = 'pending'`.execute(db);
  const first = row.rows[0];
  return { pending: Number(first?.pending ?? 0), overdue: Number(first?.overdue ?? 0), dueSoon: Number(first?.due_soon ?? 0) };
}

export interface UrgentReviewRow {
  id: string;
  phone: string;
  received_at: string;
  deadline: string;
}

/** Pending items due by `soon` (overdue ones included), nearest deadline first. */
export async function listUrgentReviews(db: Executor, organizationId: string, soon: string, limit: number): Promise<UrgentReviewRow[]> {
  return db
    .selectFrom('review_items')
    .select(['id', 'phone', 'received_at', 'deadline'])
    .where('organization_id', '=', organizationId)
    .where(sql.ref('status'), '=', 'pending')
    .where('deadline', '<=', soon)
    .orderBy('deadline')
    .orderBy('id')
    .limit(limit)
    .execute();
}

/**
 * When each item decided by a person in [from, to) was received and decided.
 * Decisions are made by hand, so a range holds thousands at most; the median
 * is taken in code rather than in two dialects' percentile syntax.
 */
export async function listReviewDecisionTimes(db: Executor, organizationId: string, from: string, to: string): Promise<{ received_at: string; decided_at: string }[]> {
  const rows = await db
    .selectFrom('review_items')
    .select(['received_at', 'decided_at'])
    .where('organization_id', '=', organizationId)
    .where('decided_at', '>=', from)
    .where('decided_at', '<', to)
    .where('status', 'in', ['opted_out', 'not_a_revocation'])
    .execute();
  return rows.map((row) => ({ received_at: row.received_at, decided_at: row.decided_at! }));
}
