import type { ConsentChannel } from '../../domain/consent-ledger.js';
import { appendConsentEvents, type NewConsentEvent } from '../../storage/repositories/consent-ledger.repository.js';
import { optOutNumbers } from '../../storage/repositories/phone-consent.repository.js';
import { cancelPendingOutreachForNumbers, OPTED_OUT_BEFORE_SENT } from '../../storage/repositories/outreach.repository.js';
import { stopActiveEnrollmentsForNumbers } from '../../storage/repositories/sequences.repository.js';
import { resolvePendingReviewsByOptOuts } from '../../storage/repositories/review.repository.js';
import { hasWebhookSubscriber } from '../../storage/repositories/webhooks.repository.js';
import type { Trx } from '../../storage/executor.js';
import { newConsentEvent, recordConsentWebhookEvent, type ConsentChange, type ConsentDeps } from './record-consent-change.js';

export interface ImportedOptOut {
  phone: string;
  reason: string;
}

export interface ImportedOptOutsContext {
  organizationId: string;
  actorUserId: string | null;
  channel: ConsentChannel;
}

/**
 * recordOptOut for many numbers in one transaction (an import), in a few
 * multi-row statements instead of a dozen per number. Per number the
 * outcome is the same: a number already opted out is left alone; any other
 * gets its ledger event (source "import"), its outbox webhook event, its
 * opted-out state, and its pending texts and calls canceled, active
 * enrollments stopped and pending reviews resolved — all or nothing with the
 * caller's transaction. `rows` must not repeat a number. Answers how many
 * numbers changed; the caller counts them in the metrics once committed.
 */
export async function recordImportedOptOuts(trx: Trx, deps: ConsentDeps, context: ImportedOptOutsContext, rows: readonly ImportedOptOut[]): Promise<number> {
  if (rows.length === 0) return 0;
  const now = deps.clock().toISOString();
  const planned = rows.map((row) => ({ ...row, eventId: deps.newId() }));
  const changedPhones = await optOutNumbers(trx, context.organizationId, planned, 'import', now);
  if (changedPhones.size === 0) return 0;

  const changes: { change: ConsentChange; event: NewConsentEvent }[] = [];
  for (const row of planned) {
    if (!changedPhones.has(row.phone)) continue;
    const change: ConsentChange = { organizationId: context.organizationId, phone: row.phone, source: 'import', reason: row.reason, actorUserId: context.actorUserId, channel: context.channel };
    changes.push({ change, event: newConsentEvent(change, 'opted_out', row.eventId, now) });
  }
  // Chained now, in file order, under the organization's ledger head (held until this transaction commits).
  await appendConsentEvents(trx, changes.map(({ event }) => event));
  // Most organizations have no endpoint: one probe instead of one INSERT … SELECT per number.
  if (await hasWebhookSubscriber(trx, context.organizationId, 'consent.opted_out')) {
    for (const { change, event } of changes) await recordConsentWebhookEvent(trx, deps, change, event);
  }
  const phones = changes.map(({ change }) => change.phone);
  await cancelPendingOutreachForNumbers(trx, context.organizationId, phones, now, OPTED_OUT_BEFORE_SENT);
  await stopActiveEnrollmentsForNumbers(trx, context.organizationId, phones, now);
  await resolvePendingReviewsByOptOuts(trx, context.organizationId, new Map(changes.map(({ change, event }) => [change.phone, event.id])), now);
  return changes.length;
}
