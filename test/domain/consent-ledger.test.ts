import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { GENESIS_HASH, hashConsentEvent, serializeChannel, verifyConsentChain, type ChainedConsentEvent, type ConsentEventFacts } from '../../src/domain/consent-ledger.js';

function buildChain(count: number): ChainedConsentEvent[] {
  const events: ChainedConsentEvent[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= count; seq += 1) {
    const facts: ConsentEventFacts = {
      id: `event-${seq}`,
      organizationId: 'org-1',
      seq,
      type: seq % 2 === 1 ? 'opted_out' : 'opted_in',
      phone: `+1415555${String(seq).padStart(4, '0')}`,
      source: 'keyword',
      keyword: seq % 2 === 1 ? 'STOP' : 'START',
      rule: null,
      reason: `Replied ${seq}`,
      note: null,
      attestation: null,
      actorUserId: null,
      messageId: `message-${seq}`,
      createdAt: new Date(Date.UTC(2026, 10, 1, 0, 0, seq)).toISOString(),
      // The first half as written before channels were recorded (v1), the rest with a channel (v2).
      channel: seq <= count / 2 ? null : serializeChannel({ kind: 'api_key', id: `key-${seq}`, name: 'Zapier' }),
      prevHash,
    };
    const event = { ...facts, hash: hashConsentEvent(facts) };
    events.push(event);
    prevHash = event.hash;
  }
  return events;
}

const V1_HASH_OF_FIRST_EVENT = 'a896b1d6b1398aea97f5a6168f753fab8a6d1aec7599bfec0f6820f5df5635a5';

const FIELDS = ['id', 'organizationId', 'seq', 'type', 'phone', 'source', 'keyword', 'rule', 'reason', 'note', 'attestation', 'actorUserId', 'messageId', 'createdAt', 'channel', 'prevHash', 'hash'] as const;

describe('the consent hash chain', () => {
  it('verifies an intact chain', () => {
    expect(verifyConsentChain(buildChain(20))).toMatchObject({ ok: true, checked: 20, firstBrokenEventId: null });
    expect(verifyConsentChain([])).toMatchObject({ ok: true, checked: 0 });
  });

  it('hashes an event from before channels exactly as it always did, so old ledgers still verify', () => {
    const [event] = buildChain(2);
    expect(event!.channel).toBeNull();
    // The hash this event had when the ledger had no channels (consent-event/v1).
    expect(event!.hash).toBe(V1_HASH_OF_FIRST_EVENT);
  });

  it('covers the channel of a new event: changing or clearing it breaks the chain', () => {
    const chain = buildChain(4);
    const last = chain[3]!;
    expect(last.channel).not.toBeNull();
    expect(verifyConsentChain(chain).ok).toBe(true);
    for (const channel of [null, serializeChannel({ kind: 'provider', provider: 'twilio' }), serializeChannel({ kind: 'api_key', id: 'key-4', name: 'Other' })]) {
      expect(verifyConsentChain(chain.map((e) => (e === last ? { ...e, channel } : e)))).toMatchObject({ ok: false, firstBrokenEventId: last.id });
    }
  });

  it('hashes differently when any field differs, including null versus the text "null"', () => {
    const [event] = buildChain(1);
    const base = hashConsentEvent(event!);
    expect(hashConsentEvent({ ...event!, rule: 'null' })).not.toBe(base);
    expect(hashConsentEvent({ ...event!, keyword: 'STOP ' })).not.toBe(base);
  });

  it('detects a change to any field of any event and names that event', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9 }), fc.constantFrom(...FIELDS), fc.string({ minLength: 1, maxLength: 8 }), (index, field, junk) => {
        const chain = buildChain(10);
        const target = chain[index]!;
        const original = target[field];
        const tampered = typeof original === 'number' ? original + 1 : `${String(original)}${junk}`;
        (target as unknown as Record<string, unknown>)[field] = tampered;
        const result = verifyConsentChain(chain);
        expect(result.ok).toBe(false);
        expect(result.firstBrokenEventId).toBe(field === 'id' ? String(tampered) : target.id);
      }),
      { numRuns: 300 },
    );
  });

  it('detects removed and reordered events', () => {
    const chain = buildChain(5);
    expect(verifyConsentChain([chain[0]!, chain[2]!, chain[3]!]).firstBrokenEventId).toBe('event-3');
    expect(verifyConsentChain([chain[1]!, chain[0]!]).firstBrokenEventId).toBe('event-2');
  });
});
