/** The consent ledger: appending events to each organization's hash chain, and reading them back in chain order. */
import { hashConsentEvent, type ChainedConsentEvent, type ConsentEventFacts } from '../../domain/consent-ledger.js';
import type { Executor, Trx } from '../executor.js';
import { deferUntilCommit, type DeferredTask } from '../group-commit.js';
import { decodeCursor, toPage, type Page } from '../pagination.js';
import type { ConsentEventRow } from '../schema.js';

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
        call_id: facts.callId ?? null,
        created_at: facts.createdAt,
        prev_hash: facts.prevHash,
        hash: prevHash,
      };
    });
    // 17 values a row: 500 rows stay well under SQLite's bound-parameter limit.
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
    callId: row.call_id,
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
