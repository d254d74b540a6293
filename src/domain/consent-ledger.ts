import { createHash } from 'node:crypto';

export type ConsentEventType = 'opted_out' | 'opted_in';
/** keypress: the person pressed the opt-out key on a call; agent: a teammate recorded that the person asked on a call. */
export type ConsentSource = 'keyword' | 'phrase' | 'manual' | 'import' | 'api' | 'provider' | 'review' | 'keypress' | 'agent';

/** The fields of a consent event that the hash covers: everything but the hash itself. */
export interface ConsentEventFacts {
  id: string;
  organizationId: string;
  seq: number;
  type: ConsentEventType;
  phone: string;
  source: ConsentSource;
  keyword: string | null;
  rule: string | null;
  reason: string | null;
  note: string | null;
  attestation: string | null;
  actorUserId: string | null;
  messageId: string | null;
  /** The call the change was made on; events before calls existed have none, and their hash leaves it out. */
  callId?: string | null;
  createdAt: string;
  prevHash: string;
}

export interface ChainedConsentEvent extends ConsentEventFacts {
  hash: string;
}

/** The prevHash of an organization's first event. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * sha256 over a canonical serialisation of the event (fixed field order,
 * JSON-escaped values) followed by the previous event's hash, so changing any
 * field of any event, or removing or reordering events, breaks the chain.
 */
export function hashConsentEvent(facts: ConsentEventFacts): string {
  const canonical = JSON.stringify([
    'consent-event/v1',
    facts.id,
    facts.organizationId,
    facts.seq,
    facts.type,
    facts.phone,
    facts.source,
    facts.keyword,
    facts.rule,
    facts.reason,
    facts.note,
    facts.attestation,
    facts.actorUserId,
    facts.messageId,
    facts.createdAt,
    // Appended only when present, so every event hashed before calls existed still verifies.
    ...(facts.callId ? [facts.callId] : []),
  ]);
  return createHash('sha256').update(canonical).update('\n').update(facts.prevHash).digest('hex');
}

export interface ChainVerification {
  ok: boolean;
  checked: number;
  firstBrokenEventId: string | null;
}

/**
 * Walks one organization's events in sequence order and names the first one
 * whose hash, predecessor link or sequence number does not hold.
 * `expectedPrevHash`/`expectedSeq` let a caller verify the chain page by page.
 */
export function verifyConsentChain(
  events: Iterable<ChainedConsentEvent>,
  start: { prevHash: string; seq: number } = { prevHash: GENESIS_HASH, seq: 1 },
): ChainVerification & { prevHash: string; nextSeq: number } {
  let prevHash = start.prevHash;
  let expectedSeq = start.seq;
  let checked = 0;
  for (const event of events) {
    checked += 1;
    const intact =
      event.seq === expectedSeq && event.prevHash === prevHash && hashConsentEvent(event) === event.hash;
    if (!intact) return { ok: false, checked, firstBrokenEventId: event.id, prevHash, nextSeq: expectedSeq };
    prevHash = event.hash;
    expectedSeq += 1;
  }
  return { ok: true, checked, firstBrokenEventId: null, prevHash, nextSeq: expectedSeq };
}
