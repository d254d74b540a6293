import { sql } from 'kysely';
import { hashConsentEvent, type ChainedConsentEvent, type ConsentEventFacts } from '../../domain/consent-ledger.js';
import { escapeLike, isPostgres, type Executor, type Trx } from '../executor.js';
import { decodeCursor, toPage, type Page } from '../pagination.js';
import type { ConsentEventRow, ContactRow, PhoneConsentRow } from '../schema.js';
import { likeLower } from './contacts.repository.js';

/**
 * Locks the consent row of one number for the rest of the transaction and
 * returns it (creating an "allowed" row the first time a number is seen).
 * Every send and every consent change of the number takes this lock first,
 * so a check-then-send can never interleave with an opt-out on any instance.
 */
export async function lockPhoneConsent(trx: Trx, organizationId: string, phone: string): Promise<PhoneConsentRow> {
  await trx
    .insertInto('phone_consent')
    .values({ organization_id: organizationId, phone, opted_out: 0, changed_at: null, source: null, keyword: null, rule: null, reason: null, event_id: null, review_pending: 0 })
    .onConflict((oc) => oc.columns(['organization_id', 'phone']).doNothing())
    .execute();
  let query = trx.selectFrom('phone_consent').selectAll().where('organization_id', '=', organizationId).where('phone', '=', phone);
  if (isPostgres(trx)) query = query.forUpdate();
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

/** Which of these E.164 numbers are opted out; one indexed query per chunk. */
export async function findOptedOutPhones(db: Executor, organizationId: string, phones: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  const chunkSize = 5000;
  for (let i = 0; i < phones.length; i += chunkSize) {
    const chunk = phones.slice(i, i + chunkSize);
    const rows = await db
      .selectFrom('phone_consent')
      .select('phone')
      .where('organization_id', '=', organizationId)
      .where('opted_out', '=', 1)
      .where('phone', 'in', chunk)
      .execute();
    for (const row of rows) found.push(row.phone);
  }
  return found;
}

export type NewConsentEvent = Omit<ConsentEventFacts, 'seq' | 'prevHash'>;

/**
 * Appends an event to its organization's hash chain. The ledger head row is
 * updated first, which serialises appends within an organization on every
 * database, so sequence numbers have no gaps and each prevHash is the hash
 * of the event before.
 */
export async function appendConsentEvent(trx: Trx, event: NewConsentEvent): Promise<ChainedConsentEvent> {
  const head = await trx
    .updateTable('ledger_heads')
    .set((eb) => ({ seq: eb('seq', '+', 1) }))
    .where('organization_id', '=', event.organizationId)
    .returning(['seq', 'hash'])
    .executeTakeFirstOrThrow();
  const facts: ConsentEventFacts = { ...event, seq: head.seq, prevHash: head.hash };
  const hash = hashConsentEvent(facts);
  await trx
    .insertInto('consent_events')
    .values({
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
      hash,
    })
    .execute();
  await trx.updateTable('ledger_heads').set({ hash }).where('organization_id', '=', event.organizationId).execute();
  return { ...facts, hash };
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

/** Opted-out numbers, newest first, with the live contact of each number if there is one. */
export async function searchOptOuts(db: Executor, search: OptOutSearch): Promise<Page<OptOutRow>> {
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
  const rows = await query
    .orderBy('phone_consent.changed_at', 'desc')
    .orderBy('phone_consent.phone', 'desc')
    .limit(search.limit + 1)
    .execute();
  return toPage(
    rows,
    search.limit,
    (row) => [row.changed_at ?? '', row.phone],
    (row) => ({
      consent: {
        organization_id: row.organization_id,
        phone: row.phone,
        opted_out: row.opted_out,
        changed_at: row.changed_at,
        source: row.source,
        keyword: row.keyword,
        rule: row.rule,
        reason: row.reason,
        event_id: row.event_id,
        review_pending: row.review_pending,
      },
      contact: row.contact_id === null ? null : { id: row.contact_id, name: row.contact_name, email: row.contact_email, phone: row.phone },
    }),
  );
}
