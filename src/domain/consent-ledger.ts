import { createHash } from 'node:crypto';

export type ConsentEventType = 'opted_out' | 'opted_in';
/**
 * What caused a consent change. `simulated`: a teammate typed a text "from"
 * the number in the app's simulator — never the contact's own words.
 * `keypress`: the person pressed the opt-out key on a call; `agent`: a
 * teammate recorded that the person asked on a call.
 */
export type ConsentSource = 'keyword' | 'phrase' | 'manual' | 'import' | 'api' | 'provider' | 'review' | 'simulated' | 'keypress' | 'agent';

/**
 * How a consent change arrived: through a provider (its webhook or its answer
 * to a send), an API key (named, so the record says which integration spoke),
 * a teammate in the app, a text a teammate typed into the simulator, or the
 * system itself.
 */
export type ConsentChannel =
  | { kind: 'provider'; provider: string }
  | { kind: 'api_key'; id: string; name: string }
  | { kind: 'app' }
  | { kind: 'simulator' }
  | { kind: 'system' };

/** The channel as stored and hashed: JSON with a fixed key order, so the same channel always hashes the same. */
export function serializeChannel(channel: ConsentChannel): string {
  switch (channel.kind) {
    case 'provider':
      return JSON.stringify({ kind: channel.kind, provider: channel.provider });
    case 'api_key':
      return JSON.stringify({ kind: channel.kind, id: channel.id, name: channel.name });
    default:
      return JSON.stringify({ kind: channel.kind });
  }
}

/** The stored channel back as a value; null for events and messages written before channels were recorded. */
export function parseChannel(stored: string | null): ConsentChannel | null {
  if (stored === null) return null;
  try {
    const value = JSON.parse(stored) as ConsentChannel;
    return typeof value === 'object' && value !== null && typeof value.kind === 'string' ? value : null;
  } catch {
    return null;
  }
}

/**
 * Only the contact speaks for the contact (rule 11): a text a teammate typed
 * into the simulator may opt a number out (that only protects people) but
 * never in, and never releases a number held for review. Provider webhooks
 * and API keys (created only by owners and admins) carry the contact's texts.
 */
export function mayTextOptIn(channel: ConsentChannel): boolean {
  return channel.kind === 'provider' || channel.kind === 'api_key';
}

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
  /**
   * serializeChannel() of how the change arrived; null only for events
   * written before channels were recorded, which keep their v1 hash.
   */
  channel: string | null;
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
 * Events with a channel hash as v2, which adds the channel to v1's fields;
 * events from before channels hash as v1, so existing ledgers still verify.
 * Clearing a v2 event's channel does not turn it into a valid v1 event: the
 * two serialisations differ in their first element.
 */
export function hashConsentEvent(facts: ConsentEventFacts): string {
  const fields = [
    facts.channel === null ? 'consent-event/v1' : 'consent-event/v2',
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
  ];
  // The call is appended only when present, so every event hashed before calls existed still verifies.
  const withChannel = facts.channel === null ? fields : [...fields, facts.channel];
  const canonical = JSON.stringify(facts.callId ? [...withChannel, facts.callId] : withChannel);
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
