import { verifyConsentChain, GENESIS_HASH, type ChainVerification } from '../../domain/consent-ledger.js';
import { findLedgerHead, listConsentEventsAfter, listConsentEventsForPhone, toChainedEvent } from '../../storage/repositories/consent-ledger.repository.js';
import type { Executor } from '../../storage/executor.js';
import type { Page } from '../../storage/pagination.js';
import type { ConsentEventRow } from '../../storage/schema.js';
import { requireContact } from '../contacts/contacts.js';
import { requireAdministrator } from '../policies.js';
import type { AppDeps, Principal } from '../context.js';

export async function listContactConsentEvents(deps: AppDeps, principal: Principal, contactId: string, query: { limit: number; cursor?: string }): Promise<Page<ConsentEventRow>> {
  const contact = await requireContact(deps.db, principal.organizationId, contactId);
  return listConsentEventsForPhone(deps.db, principal.organizationId, contact.phone, query.limit, query.cursor ?? null);
}

/**
 * Walks an organization's whole hash chain in batches and names the first
 * broken event. The chain must also end where the ledger head says, so
 * deleting the newest events is caught too (then the last surviving event is named).
 */
export async function verifyOrganizationLedger(db: Executor, organizationId: string): Promise<ChainVerification> {
  const head = await findLedgerHead(db, organizationId);
  let state = { prevHash: GENESIS_HASH, seq: 1 };
  let checked = 0;
  let lastId: string | null = null;
  for (;;) {
    const rows = await listConsentEventsAfter(db, organizationId, state.seq - 1, 1000);
    if (rows.length === 0) break;
    const result = verifyConsentChain(rows.map(toChainedEvent), state);
    checked += result.checked;
    if (!result.ok) return { ok: false, checked, firstBrokenEventId: result.firstBrokenEventId };
    state = { prevHash: result.prevHash, seq: result.nextSeq };
    lastId = rows[rows.length - 1]!.id;
  }
  const endsAtHead = head !== undefined && head.seq === state.seq - 1 && head.hash === state.prevHash;
  return endsAtHead ? { ok: true, checked, firstBrokenEventId: null } : { ok: false, checked, firstBrokenEventId: lastId };
}

export async function verifyLedger(deps: AppDeps, principal: Principal): Promise<ChainVerification> {
  requireAdministrator(principal, 'verify the consent ledger');
  return verifyOrganizationLedger(deps.db, principal.organizationId);
}
