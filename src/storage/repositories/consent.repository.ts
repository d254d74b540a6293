import { sql, type RawBuilder } from 'kysely';
import { hashConsentEvent, type ChainedConsentEvent, type ConsentEventFacts } from '../../domain/consent-ledger.js';
import { escapeLike, isPostgres, type Executor, type Trx } from '../executor.js';
import { deferUntilCommit, type DeferredTask } from '../group-commit.js';
import { decodeCursor, toPage, type Page } from '../pagination.js';
import type { ConsentEventRow, ContactRow, PhoneConsentRow } from '../schema.js';
import { likeLower } from './contacts.repository.js';
import { containsPattern, contactMatchesIfFew, contactTextCondition, optedOutNumberMatchesIfFew } from './search.repository.js';

/**
 * Locks the consent row of one number for the rest of the transaction and
 * returns it (creating an "allowed" row the first time a number is seen).
 * Every send and every consent change of the number takes this lock first,
 * so a check-then-send can never interleave with an opt-out on any instance.
 */
export async function lockPhoneConsent(trx: Trx, organizationId: string, phone: string): Promise<PhoneConsentRow> {
  const postgres = isPostgres(trx);
  if (postgres) {
    // Most numbers have their row already: one round trip. (SQLite's writer holds the whole database, so there it is the insert that takes the lock.)
    const existing = await trx
      .selectFrom('phone_consent')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('phone', '=', phone)
      .forUpdate()
      .executeTakeFirst();
    if (existing) return existing;
  }
  await trx
    .insertInto('phone_consent')
    .values({ organization_id: organizationId, phone, opted_out: 0, changed_at: null, source: null, keyword: null, rule: null, reason: null, event_id: null, review_pending: 0 })
    .onConflict((oc) => oc.columns(['organization_id', 'phone']).doNothing())
    .execute();
  let query = trx.selectFrom('phone_consent').selectAll().where('organization_id', '=', organizationId).where('phone', '=', phone);
  if (postgres) query = query.forUpdate();
  return query.executeTakeFirstOrThrow();
}

/** The consent row of a number without locking it (null when never seen). */
export async function findPhoneConsent(db: Executor, organizationId: string, phone: string): Promise<PhoneConsentRow | null> {
  const row = await db
    .selectFrom('phone_consent')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('phone', '=', phone)
    .executeTakeFirst();
  return row ?? null;
}

export async function updatePhoneConsent(trx: Trx, row: PhoneConsentRow): Promise<void> {
  await trx
    .updateTable('phone_consent')
    .set({
      opted_out: row.opted_out,
      changed_at: row.changed_at,
      source: row.source,
      keyword: row.keyword,
      rule: row.rule,
      reason: row.reason,
      event_id: row.event_id,
      review_pending: row.review_pending,
    })
    .where('organization_id', '=', row.organization_id)
    .where('phone', '=', row.phone)
    .execute();
}

/** Marks whether a reply from the number awaits review; the number is not contacted while it does. */
export async function setReviewPending(trx: Trx, organizationId: string, phone: string, pending: boolean): Promise<void> {
  await trx
    .updateTable('phone_consent')
    .set({ review_pending: pending ? 1 : 0 })
    .where('organization_id', '=', organizationId)
    .where('phone', '=', phone)
    .execute();
}

/** Which of these E.164 numbers are opted out: one query. */
export async function findOptedOutPhones(db: Executor, organizationId: string, phones: readonly string[]): Promise<string[]> {
  if (phones.length === 0) return [];
  // The numbers travel as one parameter (an array, or JSON that SQLite unpacks itself): a list of
  // 10,000 placeholders costs more to build, send and parse than the lookups themselves.
  if (isPostgres(db)) {
    // Each number is looked up in the index of opted-out numbers (migration 0006): one that is not opted
    // out is not in it, so the table is read only for hits on pages changed since the last VACUUM.
    // Parallel workers are turned off for this query: the planner likes a parallel walk of the whole
    // opted-out list for 10,000 numbers, which measured 185–266 ms against 26–38 ms for the serial lookups
    // (200,000 opt-outs, 2 cores), and every worker it starts takes a core from other requests.
    const lookUp = async (trx: Trx) => {
      await sql`set local max_parallel_workers_per_gather = 0`.execute(trx);
      const { rows } = await sql<{ phone: string }>`
        select phone from phone_consent
        where organization_id = ${organizationId} and phone = any(${[...phones]}::text[]) and opted_out = 1`.execute(trx);
      return rows.map((row) => row.phone);
    };
    return db.isTransaction ? lookUp(db as Trx) : db.transaction().execute(lookUp);
  }
  // The given numbers drive the join (CROSS JOIN fixes SQLite's order): one lookup each in the index of
  // opted-out numbers (migration 0006), however long the organization's opt-out list is. SQLite's planner
  // would take the primary key (a unique index) instead and then read each row from the table to test
  // opted_out: 42 ms for 10,000 numbers at 1M contacts against 13 ms, hence INDEXED BY.
  const { rows } = await sql<{ phone: string }>`
    select pc.phone from (select value as phone from json_each(${JSON.stringify(phones)})) given
    cross join phone_consent pc indexed by phone_consent_opted_out_phone_idx
    where pc.organization_id = ${organizationId} and pc.phone = given.phone and pc.opted_out = 1`.execute(db);
  return rows.map((row) => row.phone);
}

export type NewConsentEvent = Omit<ConsentEventFacts, 'seq' | 'prevHash'>;

/** Chains a group-commit batch's consent events onto the ledger just before its COMMIT. */
const appendAtCommit: DeferredTask<NewConsentEvent> = { name: 'consent-ledger', run: appendConsentEvents };

/**
 * Appends an event to its organization's hash chain, as part of the caller's
 * transaction. Inside a group-commit batch the append waits until just before
 * the batch commits, where all of the batch's events are chained at once: the
 * organization's ledger head — which every append of the organization must
 * lock — is then held for a moment instead of for the whole batch. Elsewhere
 * the event is chained now. Either way it commits or rolls back with the
 * caller's writes, and the chain's order is the order of commits.
 */
export async function appendConsentEvent(trx: Trx, event: NewConsentEvent): Promise<void> {
  if (deferUntilCommit(trx, appendAtCommit, event)) return;
  await appendConsentEvents(trx, [event]);
}

/**
 * Chains events onto their organizations' ledgers in the order given. For
 * each organization the ledger head row is updated first, which serialises
 * appends within an organization on every database, so sequence numbers have
 * no gaps and each prevHash is the hash of the event before. Organizations
 * are locked in one order everywhere, so two batches cannot deadlock here.
 */
export async function appendConsentEvents(trx: Trx, events: readonly NewConsentEvent[]): Promise<void> {
  const byOrganization = new Map<string, NewConsentEvent[]>();
  for (const event of events) {
    const list = byOrganization.get(event.organizationId);
    if (list) list.push(event);
    else byOrganization.set(event.organizationId, [event]);
  }
  for (const organizationId of [...byOrganization.keys()].sort()) {
    const list = byOrganization.get(organizationId)!;
    const head = await trx
      .updateTable('ledger_heads')
      .set((eb) => ({ seq: eb('seq', '+', list.length) }))
      .where('organization_id', '=', organizationId)
      .returning(['seq', 'hash'])
      .executeTakeFirstOrThrow();
    let seq = head.seq - list.length;
    let prevHash = head.hash;
    const rows = list.map((event) => {
      seq += 1;
      const facts: ConsentEventFacts = { ...event, seq, prevHash };
      prevHash = hashConsentEvent(facts);
      return {
        id: facts.id,
        organization_id: facts.organizationId,
        seq: facts.seq,
        type: facts.type,
        phone: facts.phone,
        source: facts.source,
        keyword: facts.keyword,
        rule: facts.rule,
        reason: facts.reason,
        note: facts.note,
        attestation: facts.attestation,
        actor_user_id: facts.actorUserId,
        message_id: facts.messageId,
        created_at: facts.createdAt,
        prev_hash: facts.prevHash,
        hash: prevHash,
      };
    });
    // 16 values a row: 500 rows stay well under SQLite's bound-parameter limit.
    for (let i = 0; i < rows.length; i += 500) await trx.insertInto('consent_events').values(rows.slice(i, i + 500)).execute();
    await trx.updateTable('ledger_heads').set({ hash: prevHash }).where('organization_id', '=', organizationId).execute();
  }
}

export function toChainedEvent(row: ConsentEventRow): ChainedConsentEvent {
  return {
    id: row.id,
    organizationId: row.organization_id,
    seq: row.seq,
    type: row.type,
    phone: row.phone,
    source: row.source as ChainedConsentEvent['source'],
    keyword: row.keyword,
    rule: row.rule,
    reason: row.reason,
    note: row.note,
    attestation: row.attestation,
    actorUserId: row.actor_user_id,
    messageId: row.message_id,
    createdAt: row.created_at,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

export async function listConsentEventsForPhone(db: Executor, organizationId: string, phone: string, limit: number, cursor: string | null): Promise<Page<ConsentEventRow>> {
  let query = db.selectFrom('consent_events').selectAll().where('organization_id', '=', organizationId).where('phone', '=', phone);
  if (cursor !== null) {
    const [seq] = decodeCursor(cursor, 1) as [number];
    query = query.where('seq', '>', seq);
  }
  const rows = await query.orderBy('seq').limit(limit + 1).execute();
  return toPage(rows, limit, (row) => [row.seq], (row) => row);
}

/** One organization's events in chain order, a batch at a time, for verification. */
export async function listConsentEventsAfter(db: Executor, organizationId: string, afterSeq: number, limit: number): Promise<ConsentEventRow[]> {
  return db
    .selectFrom('consent_events')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('seq', '>', afterSeq)
    .orderBy('seq')
    .limit(limit)
    .execute();
}

export async function findLedgerHead(db: Executor, organizationId: string): Promise<{ seq: number; hash: string } | undefined> {
  return db.selectFrom('ledger_heads').select(['seq', 'hash']).where('organization_id', '=', organizationId).executeTakeFirst();
}

export async function listOrganizationIdsWithEvents(db: Executor): Promise<string[]> {
  const rows = await db.selectFrom('ledger_heads').select('organization_id').orderBy('organization_id').execute();
  return rows.map((row) => row.organization_id);
}

export interface OptOutRow {
  consent: PhoneConsentRow;
  contact: Pick<ContactRow, 'id' | 'name' | 'email' | 'phone'> | null;
}

export interface OptOutSearch {
  organizationId: string;
  text: string | null;
  digits: string | null;
  limit: number;
  cursor: string | null;
}

type OptOutQueryRow = PhoneConsentRow & { contact_id: string | null; contact_name: string | null; contact_email: string | null };

/**
 * Opted-out numbers, newest first, with the live contact of each number if
 * there is one. A search term that matches few rows is read through the
 * substring index; one that matches many walks the list (search.repository.ts).
 */
export async function searchOptOuts(db: Executor, search: OptOutSearch): Promise<Page<OptOutRow>> {
  const { text, digits } = search;
  let rows: OptOutQueryRow[] | null = null;
  if (text !== null && digits === null) {
    if (isPostgres(db)) rows = await findOptOutsByContactText(db, search, text);
    else {
      const matches = await contactMatchesIfFew(db, search.organizationId, { text, digits });
      if (matches !== null) rows = await findOptOutsOfContactMatches(db, search, text, matches);
    }
  } else if (digits !== null && text === null) {
    const matches = await optedOutNumberMatchesIfFew(db, search.organizationId, digits);
    if (matches !== null) rows = await findOptOutsWithDigits(db, search, digits, matches);
  }
  rows ??= await walkOptOuts(db, search);
  return toPage(
    rows,
    search.limit,
    (row) => [row.changed_at ?? '', row.phone],
    ({ contact_id, contact_name, contact_email, ...consent }) => ({
      consent,
      contact: contact_id === null ? null : { id: contact_id, name: contact_name, email: contact_email, phone: consent.phone },
    }),
  );
}

/**
 * PostgreSQL: opt-outs whose contact's name or email contains the text, from
 * number_search (migration 0005): each number's consent beside its contact's
 * name and email. A single table, so the planner itself picks
 * between walking it in list order (common text) and reading the trigram
 * matches and sorting them (rare text); the page's full rows come after.
 */
async function findOptOutsByContactText(db: Executor, search: OptOutSearch, text: string): Promise<OptOutQueryRow[]> {
  const { rows } = await sql<OptOutQueryRow>`
    select pc.*, hit.contact_id, hit.contact_name, hit.contact_email
    from (
      select s.phone, s.changed_at, s.contact_id, s.name as contact_name, s.email as contact_email
      from number_search s
      where s.organization_id = ${search.organizationId} and s.opted_out = 1
        and ${contactTextCondition('s', text)} and ${optOutCursorCondition(search.cursor, 's')}
      order by s.changed_at desc, s.phone desc
      limit ${search.limit + 1}
    ) hit
    join phone_consent pc on pc.organization_id = ${search.organizationId} and pc.phone = hit.phone and pc.opted_out = 1
    order by hit.changed_at desc, hit.phone desc`.execute(db);
  return rows;
}

/** The opt-out list in order, filtered as it goes: quick when the term is common (or absent). */
async function walkOptOuts(db: Executor, search: OptOutSearch): Promise<OptOutQueryRow[]> {
  let query = db
    .selectFrom('phone_consent')
    .leftJoin('contacts', (join) =>
      join
        .onRef('contacts.organization_id', '=', 'phone_consent.organization_id')
        .onRef('contacts.phone', '=', 'phone_consent.phone')
        .on('contacts.deleted_at', 'is', null),
    )
    .selectAll('phone_consent')
    .select(['contacts.id as contact_id', 'contacts.name as contact_name', 'contacts.email as contact_email'])
    .where('phone_consent.organization_id', '=', search.organizationId)
    .where('phone_consent.opted_out', '=', 1);

  const { text, digits } = search;
  if (text !== null || digits !== null) {
    query = query.where((eb) => {
      const conditions = [];
      if (text !== null) {
        const pattern = `%${escapeLike(text)}%`;
        conditions.push(likeLower('contacts.name', pattern), likeLower('contacts.email', pattern));
      }
      if (digits !== null) conditions.push(sql<boolean>`${sql.ref('phone_consent.phone')} like ${`%${digits}%`}`);
      return eb.or(conditions);
    });
  }
  if (search.cursor !== null) {
    const [changedAt, phone] = decodeCursor(search.cursor, 2) as [string, string];
    query = query.where((eb) =>
      eb.or([
        eb('phone_consent.changed_at', '<', changedAt),
        eb.and([eb('phone_consent.changed_at', '=', changedAt), eb('phone_consent.phone', '<', phone)]),
      ]),
    );
  }
  return query
    .orderBy('phone_consent.changed_at', 'desc')
    .orderBy('phone_consent.phone', 'desc')
    .limit(search.limit + 1)
    .execute();
}

/** Opt-outs whose contact's name or email contains the text, read through the contacts' substring index. */
async function findOptOutsOfContactMatches(db: Executor, search: OptOutSearch, text: string, matches: RawBuilder<unknown>): Promise<OptOutQueryRow[]> {
  const { rows } = await sql<OptOutQueryRow>`
    select pc.*, c.id as contact_id, c.name as contact_name, c.email as contact_email
    from ${matches}
    cross join phone_consent pc
    where pc.organization_id = c.organization_id and pc.phone = c.phone
      and c.organization_id = ${search.organizationId} and c.deleted_at is null
      and pc.opted_out = 1 and ${contactTextCondition('c', text)} and ${optOutCursorCondition(search.cursor)}
    order by pc.changed_at desc, pc.phone desc
    limit ${search.limit + 1}`.execute(db);
  return rows;
}

/** Opted-out numbers containing the digits, read through the numbers' substring index. */
async function findOptOutsWithDigits(db: Executor, search: OptOutSearch, digits: string, matches: RawBuilder<unknown>): Promise<OptOutQueryRow[]> {
  const { rows } = await sql<OptOutQueryRow>`
    select pc.*, c.id as contact_id, c.name as contact_name, c.email as contact_email
    from ${matches}
    left join contacts c on c.organization_id = pc.organization_id and c.phone = pc.phone and c.deleted_at is null
    where pc.organization_id = ${search.organizationId} and pc.opted_out = 1
      and pc.phone like ${containsPattern(digits)} and ${optOutCursorCondition(search.cursor)}
    order by pc.changed_at desc, pc.phone desc
    limit ${search.limit + 1}`.execute(db);
  return rows;
}

function optOutCursorCondition(cursor: string | null, alias = 'pc') {
  if (cursor === null) return sql<boolean>`1 = 1`;
  const [changedAt, phone] = decodeCursor(cursor, 2) as [string, string];
  const changed = sql.ref(`${alias}.changed_at`);
  const number = sql.ref(`${alias}.phone`);
  return sql<boolean>`(${changed} < ${changedAt} or (${changed} = ${changedAt} and ${number} < ${phone}))`;
}
