/** What the dispatcher hands a provider for one text. */
export interface OutboundText {
  organizationId: string;
  messageId: string;
  from: string | null;
  to: string;
  body: string;
  /** 1 for the first try; a provider that cannot deduplicate should look for an earlier try's send when above 1. */
  attempt?: number;
  /** ISO-8601: no earlier try of this send can have reached the provider before this time. */
  notBefore?: string;
}

export interface OutboundCall {
  organizationId: string;
  callId: string;
  from: string | null;
  /** The contact's number. */
  to: string;
  /** bridge: ring `connectTo` (the agent) first, then connect the contact; voice_message: ring the contact and speak. */
  mode: 'bridge' | 'voice_message';
  connectTo?: string | null;
  voiceMessage?: string | null;
  attempt?: number;
  notBefore?: string;
}

/** The number a call rings first: the agent for a click-to-call, else the contact. */
export function firstLegOf(call: OutboundCall): string {
  return call.mode === 'bridge' && call.connectTo ? call.connectTo : call.to;
}

/**
 * Why a provider refused. `unsubscribed`: the carrier or provider says the
 * recipient opted out (Twilio 21610) — record an opt-out. `permanent`: do not
 * retry. `transient`: retry later (5xx, 429, network).
 */
export type ProviderFailureKind = 'unsubscribed' | 'permanent' | 'transient';

export class ProviderError extends Error {
  constructor(
    readonly kind: ProviderFailureKind,
    readonly providerCode: string | null,
    message: string,
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
    this.name = 'ProviderError';
  }
}

/**
 * A send made ready in two steps, so the slow part (credentials, looking up
 * an earlier try) happens before the dispatcher's last consent check and
 * only the provider request itself comes after it.
 */
export type PreparedSend<T> =
  /** An earlier try of this send already reached the provider: nothing to send. */
  | { alreadySent: T }
  /** Hands the send to the provider; called only if the number may still be contacted. */
  | { send: () => Promise<T> };

export interface MessagingProvider {
  readonly name: string;
  prepareText(text: OutboundText): Promise<PreparedSend<{ providerMessageId: string }>>;
  prepareCall(call: OutboundCall): Promise<PreparedSend<{ providerCallId: string }>>;
  /**
   * After a crash mid-send: did this text reach the provider? Answers the
   * provider's id if it did, null if it did not. A provider that cannot tell
   * leaves this out, and the send is failed rather than risk a duplicate.
   */
  findSentText?(text: OutboundText): Promise<{ providerMessageId: string } | null>;
}

/** Finds the provider a message or call was queued for. */
export interface ProviderRegistry {
  get(name: string): MessagingProvider;
}

export function createProviderRegistry(providers: MessagingProvider[]): ProviderRegistry {
  const byName = new Map(providers.map((provider) => [provider.name, provider]));
  return {
    get(name) {
      const provider = byName.get(name);
      if (!provider) throw new Error(`No provider named "${name}" is configured.`);
      return provider;
    },
  };
}
