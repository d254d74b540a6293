/**
 * Webhook endpoints and the outbox of their deliveries: writing an event
 * inside a consent change's transaction, claiming due deliveries across
 * instances, and each state a delivery moves through.
 */
import { sql } from 'kysely';
import type { WebhookEvent } from '../../domain/webhook-events.js';
import { escapeLike, isPostgres, type Executor, type Trx } from '../executor.js';
import { decodeCursor, toPage, type Page } from '../pagination.js';
import type { WebhookDeliveryRow, WebhookEndpointRow } from '../schema.js';

export async function insertWebhookEndpoint(db: Executor, row: WebhookEndpointRow): Promise<void> {
  await db.insertInto('webhook_endpoints').values(row).execute();
}

export async function listWebhookEndpoints(db: Executor, organizationId: string): Promise<WebhookEndpointRow[]> {
  return db
    .selectFrom('webhook_endpoints')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('deleted_at', 'is', null)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

export async function findWebhookEndpoint(db: Executor, organizationId: string, id: string): Promise<WebhookEndpointRow | undefined> {
  return db.selectFrom('webhook_endpoints').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
}

/** Any endpoint by id, deleted or not: the worker's view. */
export async function findWebhookEndpointById(db: Executor, id: string): Promise<WebhookEndpointRow | undefined> {
  return db.selectFrom('webhook_endpoints').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Removes an endpoint from use; its deliveries stay as history and those still pending fail. */
export async function deleteWebhookEndpoint(trx: Trx, organizationId: string, id: string, now: string): Promise<boolean> {
  const result = await trx
    .updateTable('webhook_endpoints')
    .set({ deleted_at: now, enabled: 0 })
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) return false;
  await trx
    .updateTable('webhook_deliveries')
    .set({ status: 'failed', error: 'The endpoint was deleted.', claimed_by: null, claimed_at: null })
    .where('endpoint_id', '=', id)
    .where('status', '=', 'pending')
    .execute();
  return true;
}

/**
 * Writes one event to the outbox, inside the caller's transaction: one
 * delivery per live endpoint of the organization subscribed to its type, in
 * one INSERT … SELECT. An organization without endpoints (most) costs one
 * index probe and writes nothing. The contact is the number's live contact
 * at this moment, looked up only when a delivery is written.
 */
export async function enqueueWebhookEvent(trx: Trx, event: WebhookEvent): Promise<void> {
  const text = (value: string | null) => sql<string>`cast(${value} as text)`;
  const subscribed = `%${escapeLike(JSON.stringify(event.type))}%`;
  await trx
    .insertInto('webhook_deliveries')
    .columns(['endpoint_id', 'organization_id', 'event_id', 'event_type', 'phone', 'contact_id', 'data', 'event_created_at', 'status', 'attempts', 'next_attempt_at', 'retry_since'])
    .expression((eb) =>
      eb
        .selectFrom('webhook_endpoints as e')
        .select((inner) => [
          'e.id',
          'e.organization_id',
          text(event.id).as('event_id'),
          text(event.type).as('event_type'),
          text(event.data.phone).as('phone'),
          (event.contactId !== null
            ? text(event.contactId)
            : inner
                .selectFrom('contacts as c')
                .select('c.id')
                .whereRef('c.organization_id', '=', 'e.organization_id')
                .where('c.phone', '=', event.data.phone)
                .where('c.deleted_at', 'is', null)
                .limit(1)
          ).as('contact_id'),
          text(JSON.stringify(event.data)).as('data'),
          text(event.createdAt).as('event_created_at'),
          sql<string>`'pending'`.as('status'),
          sql<number>`0`.as('attempts'),
          text(event.createdAt).as('next_attempt_at'),
          text(event.createdAt).as('retry_since'),
        ])
        .where('e.organization_id', '=', event.organizationId)
        .where('e.deleted_at', 'is', null)
        .where('e.enabled', '=', 1)
        .where(sql<boolean>`e.events like ${subscribed} escape '\\'`),
    )
    .execute();
}

/**
 * Claims due deliveries for this worker in one short transaction — on
 * PostgreSQL skipping rows another instance is claiming (FOR UPDATE SKIP
 * LOCKED). A delivery is due only when no earlier delivery of the same number
 * to the same endpoint is still pending, so one number's events arrive in
 * order, and a batch never holds two of them.
 */
export async function claimDueWebhookDeliveries(db: Executor, claim: { claimer: string; now: string; staleBefore: string; limit: number }): Promise<number[]> {
  return db.transaction().execute(async (trx) => {
    let query = trx
      .selectFrom('webhook_deliveries as d')
      .select('d.seq')
      .where('d.status', '=', 'pending')
      .where('d.next_attempt_at', '<=', claim.now)
      .where((eb) => eb.or([eb('d.claimed_at', 'is', null), eb('d.claimed_at', '<', claim.staleBefore)]))
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('webhook_deliveries as p')
              .select(sql`1`.as('one'))
              .whereRef('p.endpoint_id', '=', 'd.endpoint_id')
              .whereRef('p.phone', '=', 'd.phone')
              .where('p.status', '=', 'pending')
              .whereRef('p.seq', '<', 'd.seq'),
          ),
        ),
      )
      .orderBy('d.next_attempt_at')
      .orderBy('d.seq')
      .limit(claim.limit);
    if (isPostgres(trx)) query = query.forUpdate('d').skipLocked();
    const seqs = (await query.execute()).map((row) => Number(row.seq));
    if (seqs.length > 0) await trx.updateTable('webhook_deliveries').set({ claimed_at: claim.now, claimed_by: claim.claimer }).where('seq', 'in', seqs).execute();
    return seqs;
  });
}

export async function findWebhookDelivery(db: Executor, seq: number): Promise<WebhookDeliveryRow | undefined> {
  return db.selectFrom('webhook_deliveries').selectAll().where('seq', '=', seq).executeTakeFirst();
}

export interface AttemptOutcome {
  attempts: number;
  now: string;
  responseStatus: number | null;
  error: string | null;
}

/** Records an attempt the receiver answered 2xx. Only the claimer still holding the row may. */
export async function markWebhookDelivered(db: Executor, seq: number, claimer: string, outcome: AttemptOutcome): Promise<void> {
  await db
    .updateTable('webhook_deliveries')
    .set({ status: 'succeeded', attempts: outcome.attempts, last_attempt_at: outcome.now, delivered_at: outcome.now, response_status: outcome.responseStatus, error: null, claimed_at: null, claimed_by: null })
    .where('seq', '=', seq)
    .where('status', '=', 'pending')
    .where('claimed_by', '=', claimer)
    .execute();
}

/** Records a failed attempt: tried again at `nextAttemptAt`, or (null) given up. */
export async function markWebhookAttemptFailed(db: Executor, seq: number, claimer: string, outcome: AttemptOutcome & { nextAttemptAt: string | null }): Promise<void> {
  await db
    .updateTable('webhook_deliveries')
    .set({
      status: outcome.nextAttemptAt === null ? 'failed' : 'pending',
      attempts: outcome.attempts,
      last_attempt_at: outcome.now,
      response_status: outcome.responseStatus,
      error: outcome.error,
      ...(outcome.nextAttemptAt === null ? {} : { next_attempt_at: outcome.nextAttemptAt }),
      claimed_at: null,
      claimed_by: null,
    })
    .where('seq', '=', seq)
    .where('status', '=', 'pending')
    .where('claimed_by', '=', claimer)
    .execute();
}

/** An endpoint's deliveries, newest first. */
export async function listWebhookDeliveries(db: Executor, endpointId: string, limit: number, cursor: string | null): Promise<Page<WebhookDeliveryRow>> {
  let query = db.selectFrom('webhook_deliveries').selectAll().where('endpoint_id', '=', endpointId);
  if (cursor !== null) {
    const [seq] = decodeCursor(cursor, 1);
    if (typeof seq !== 'number') decodeCursor('', 1);
    query = query.where('seq', '<', seq as number);
  }
  const rows = await query.orderBy('seq', 'desc').limit(limit + 1).execute();
  return toPage(rows, limit, (row) => [Number(row.seq)], (row) => row);
}

export async function findWebhookDeliveryOfEvent(db: Executor, endpointId: string, eventId: string): Promise<WebhookDeliveryRow | undefined> {
  return db.selectFrom('webhook_deliveries').selectAll().where('endpoint_id', '=', endpointId).where('event_id', '=', eventId).executeTakeFirst();
}

/** Puts a failed delivery back in the queue, due now, with a fresh retry window. False if it was not failed. */
export async function retryFailedWebhookDelivery(db: Executor, endpointId: string, eventId: string, now: string): Promise<boolean> {
  const result = await db
    .updateTable('webhook_deliveries')
    .set({ status: 'pending', next_attempt_at: now, retry_since: now, claimed_at: null, claimed_by: null })
    .where('endpoint_id', '=', endpointId)
    .where('event_id', '=', eventId)
    .where('status', '=', 'failed')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** True when some live endpoint of the organization is subscribed to this event type (the test enqueueWebhookEvent makes per event). */
export async function hasWebhookSubscriber(db: Executor, organizationId: string, type: string): Promise<boolean> {
  const subscribed = `%${escapeLike(JSON.stringify(type))}%`;
  const row = await db
    .selectFrom('webhook_endpoints as e')
    .select('e.id')
    .where('e.organization_id', '=', organizationId)
    .where('e.deleted_at', 'is', null)
    .where('e.enabled', '=', 1)
    .where(sql<boolean>`e.events like ${subscribed} escape '\\'`)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
