import { sql, type SqlBool, type Updateable } from 'kysely';
import { isPostgres, type Executor, type Trx } from '../executor.js';
import { decodeCursor, toPage, type Page } from '../pagination.js';
import type { ReviewItemRow, ReviewItemsTable } from '../schema.js';

/** The predicate of the partial index over pending items, word for word (see ACTIVE_ENROLLMENT). */
const PENDING_REVIEW = sql<SqlBool>`${sql.ref('status')} = 'pending'`;

export async function insertReviewItem(db: Executor, row: ReviewItemRow): Promise<void> {
  await db.insertInto('review_items').values(row).execute();
}

/** Pending items, oldest first (the nearest deadline first). */
export async function listPendingReviewItems(db: Executor, organizationId: string, limit: number, cursor: string | null): Promise<Page<ReviewItemRow>> {
  let query = db.selectFrom('review_items').selectAll().where('organization_id', '=', organizationId).where(PENDING_REVIEW);
  if (cursor !== null) {
    const [receivedAt, id] = decodeCursor(cursor, 2) as [string, string];
    query = query.where((eb) => eb.or([eb('received_at', '>', receivedAt), eb.and([eb('received_at', '=', receivedAt), eb('id', '>', id)])]));
  }
  const rows = await query.orderBy('received_at').orderBy('id').limit(limit + 1).execute();
  return toPage(rows, limit, (row) => [row.received_at, row.id], (row) => row);
}

export async function findReviewItem(db: Executor, organizationId: string, id: string): Promise<ReviewItemRow | undefined> {
  return db.selectFrom('review_items').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();
}

export async function lockReviewItem(trx: Trx, organizationId: string, id: string): Promise<ReviewItemRow | undefined> {
  let query = trx.selectFrom('review_items').selectAll().where('organization_id', '=', organizationId).where('id', '=', id);
  if (isPostgres(trx)) query = query.forUpdate();
  return query.executeTakeFirst();
}

export async function updateReviewItem(db: Executor, id: string, changes: Updateable<ReviewItemsTable>): Promise<void> {
  await db.updateTable('review_items').set(changes).where('id', '=', id).execute();
}

export async function countPendingReviewItemsForPhone(db: Executor, organizationId: string, phone: string): Promise<number> {
  const row = await db
    .selectFrom('review_items')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('organization_id', '=', organizationId)
    .where('phone', '=', phone)
    .where(PENDING_REVIEW)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** An opt-out settles every pending review of the number. */
export async function resolvePendingReviewsByOptOut(trx: Trx, organizationId: string, phone: string, eventId: string, now: string): Promise<void> {
  await trx
    .updateTable('review_items')
    .set({ status: 'resolved_by_opt_out', event_id: eventId, decided_at: now })
    .where('organization_id', '=', organizationId)
    .where('phone', '=', phone)
    .where(PENDING_REVIEW)
    .execute();
}

export async function listReviewItemsForPhone(db: Executor, organizationId: string, phone: string): Promise<ReviewItemRow[]> {
  return db.selectFrom('review_items').selectAll().where('organization_id', '=', organizationId).where('phone', '=', phone).orderBy('received_at').orderBy('id').execute();
}

/** resolvePendingReviewsByOptOut for many numbers at once (an import): one read, then a write per number that has a pending review (few do). */
export async function resolvePendingReviewsByOptOuts(trx: Trx, organizationId: string, eventIdByPhone: ReadonlyMap<string, string>, now: string): Promise<void> {
  const phones = [...eventIdByPhone.keys()];
  for (let i = 0; i < phones.length; i += 500) {
    const pending = await trx
      .selectFrom('review_items')
      .select('phone')
      .distinct()
      .where('organization_id', '=', organizationId)
      .where('phone', 'in', phones.slice(i, i + 500))
      .where(PENDING_REVIEW)
      .execute();
    for (const { phone } of pending) await resolvePendingReviewsByOptOut(trx, organizationId, phone, eventIdByPhone.get(phone)!, now);
  }
}
