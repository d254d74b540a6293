import type { ConsentEvent, ConsentSource, Message, OptOutEntry, OptOutState, User } from './api/types.js';

/** "+14155550101" → "(415) 555-0101"; other countries stay in E.164, which is unambiguous. */
export function formatPhone(phone: string | null | undefined): string {
  if (!phone) return '—';
  const us = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(phone);
  if (us) return `(${us[1]}) ${us[2]}-${us[3]}`;
  return phone;
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTime.format(date);
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateOnly.format(date);
}

export function contactDisplayName(contact: { name: string | null; phone: string }): string {
  return contact.name?.trim() ? contact.name : formatPhone(contact.phone);
}

const SOURCE_LABELS: Record<ConsentSource, string> = {
  keyword: 'Keyword reply',
  phrase: 'Plain-language reply',
  manual: 'Set by a teammate',
  import: 'CSV import',
  api: 'API',
  provider: 'Carrier report',
  keypress: 'Keypress on a call',
  agent: 'Said on a call',
  review: 'Review decision',
};

export function sourceLabel(source: ConsentSource | string | null | undefined): string {
  if (!source) return 'Unknown source';
  return SOURCE_LABELS[source as ConsentSource] ?? source;
}

/** One line on why a number is opted out: "Replied STOP", "Asked in their own words", a teammate's reason… */
export function optOutSummary(state: Pick<OptOutState, 'source' | 'keyword' | 'reason'> | Pick<OptOutEntry, 'source' | 'keyword' | 'reason'>): string {
  switch (state.source) {
    case 'keyword':
      return state.keyword ? `Replied ${state.keyword}` : state.reason ?? 'Replied with an opt-out keyword';
    case 'phrase':
      return state.reason ? `Asked in their own words: ${state.reason.replace(/^Replied /, '')}` : 'Asked in their own words to stop';
    case 'manual':
      return state.reason ?? 'Opted out by a teammate';
    case 'import':
      return state.reason ?? 'Imported from a CSV file';
    case 'api':
      return state.reason ?? 'Opted out through the API';
    case 'provider':
      return 'The carrier reported the number as unsubscribed';
    case 'keypress':
      return 'Pressed the opt-out key on a call';
    case 'agent':
      return state.reason ?? 'Asked on a call not to be called or texted';
    default:
      return state.reason ?? 'Opted out';
  }
}

/** The words shown for a consent event in the conversation: the headline, and who or what did it. */
export function describeConsentEvent(event: ConsentEvent, users: Map<string, User>, messages: Map<string, Message>): { title: string; actor: string; detail: string | null } {
  const actorName = event.actorUserId ? users.get(event.actorUserId)?.name ?? 'a teammate' : null;
  const triggering = event.messageId ? messages.get(event.messageId) : undefined;
  const quoted = triggering ? `“${truncate(triggering.body, 80)}”` : null;

  if (event.type === 'opted_out') {
    switch (event.source) {
      case 'keyword':
        return { title: `Opted out — replied ${event.keyword ?? (quoted ?? 'STOP')}`, actor: 'By the contact, by text message', detail: null };
      case 'phrase': {
        const said = quoted ?? quotedFromReason(event.reason);
        return {
          title: `Opted out — ${said ? `replied ${said}` : 'asked to stop in their own words'}${event.rule ? ` (rule ${event.rule})` : ''}`,
          actor: actorName ? `By ${actorName}, after reviewing the reply` : 'By the contact, in their own words',
          detail: event.note ? `Note: ${event.note}` : null,
        };
      }
      case 'manual':
        return { title: 'Opted out manually', actor: `By ${actorName ?? 'a teammate'}`, detail: event.reason ? `Reason: ${event.reason}` : null };
      case 'import':
        return { title: 'Opted out — added from a CSV import', actor: actorName ? `By ${actorName}` : 'By a CSV import', detail: event.reason };
      case 'api':
        return { title: 'Opted out through the API', actor: actorName ? `By an API key of ${actorName}` : 'By an API client', detail: event.reason };
      case 'provider':
        return { title: 'Opted out — the carrier reported the number unsubscribed', actor: 'By the SMS provider', detail: event.reason };
      case 'keypress':
        return { title: 'Opted out — pressed the opt-out key on a call', actor: 'By the contact, on the call', detail: event.reason };
      case 'agent':
        return { title: 'Opted out — asked on a call not to be called or texted', actor: `Recorded by ${actorName ?? 'a teammate'}`, detail: event.reason };
    }
  }
  switch (event.source) {
    case 'keyword':
      return { title: `Opted back in — replied ${event.keyword ?? (quoted ?? 'START')}`, actor: 'By the contact, by text message', detail: null };
    case 'manual':
      return { title: 'Opted back in — the contact asked to receive messages again', actor: `By ${actorName ?? 'a teammate'}`, detail: event.note ? `Note: ${event.note}` : null };
    default:
      return { title: 'Opted back in', actor: actorName ? `By ${actorName}` : sourceLabel(event.source), detail: event.note ?? event.reason };
  }
}

/** The quoted text of a reason like 'Replied "please stop"' (when the message itself is not at hand). */
function quotedFromReason(reason: string | null): string | null {
  const match = reason ? /replied "(.*)"$/i.exec(reason) : null;
  return match?.[1] ? `“${truncate(match[1], 80)}”` : null;
}

const STATUS_LABELS: Record<string, string> = {
  received: 'Received',
  scheduled: 'Scheduled',
  queued: 'Sending…',
  sent: 'Sent',
  delivered: 'Delivered',
  failed: 'Failed',
  canceled: 'Canceled',
};

export function messageStatusLabel(message: Message): string {
  if (message.status === 'scheduled' && message.sendAt) return `Scheduled for ${formatDateTime(message.sendAt)}`;
  if (message.status === 'failed') return `Failed${message.errorMessage ? `: ${message.errorMessage}` : ''}`;
  if (message.status === 'canceled') return `Canceled${message.errorMessage ? `: ${message.errorMessage}` : ' — not sent'}`;
  return STATUS_LABELS[message.status] ?? message.status;
}

const PURPOSE_LABELS: Record<string, string> = {
  reply_opt_out: 'Automatic opt-out confirmation',
  reply_opt_in: 'Automatic opt-in confirmation',
  reply_help: 'Automatic help reply',
  sequence: 'Sequence step',
  api: 'Sent through the API',
};

export function messagePurposeLabel(purpose: string | null | undefined): string | null {
  return purpose ? PURPOSE_LABELS[purpose] ?? null : null;
}

export function roleLabel(role: string): string {
  return role === 'owner' ? 'Owner' : role === 'admin' ? 'Admin' : role === 'agent' ? 'Agent' : role;
}

/** Ends the text with a full stop unless it already ends in punctuation. */
export function sentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?…"”]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

export function truncate(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}

/** "a, b ,, c" → ["a", "b", "c"], without duplicates. */
export function splitList(text: string): string[] {
  return [...new Set(text.split(/[,\n]/).map((part) => part.trim()).filter(Boolean))];
}
