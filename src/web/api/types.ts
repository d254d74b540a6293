/** The shapes the UI reads from /api/v1 (see docs/DESIGN.md §3). */

export type Role = 'owner' | 'admin' | 'agent';

export interface User {
  id: string;
  name: string;
  email: string;
  role: Role;
  createdAt?: string;
}

export interface Organization {
  id: string;
  name: string;
  defaultCountry?: string;
}

export interface Session {
  user: User;
  organization: Organization;
  csrfToken: string | null;
}

export type ConsentSource = 'keyword' | 'phrase' | 'manual' | 'import' | 'api' | 'provider';

export interface OptOutState {
  optedOutAt: string | null;
  reason: string | null;
  source: ConsentSource | null;
  keyword: string | null;
  rule?: string | null;
}

export interface Contact {
  id: string;
  name: string | null;
  phone: string;
  email: string | null;
  notes: string | null;
  tags: string[];
  optedOut: boolean;
  optOut: OptOutState | null;
  createdAt: string;
  updatedAt: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type MessageStatus = 'received' | 'scheduled' | 'queued' | 'sent' | 'delivered' | 'failed' | 'canceled';

export interface Message {
  id: string;
  contactId?: string | null;
  direction: 'inbound' | 'outbound';
  from: string | null;
  to: string | null;
  body: string;
  status: MessageStatus;
  purpose?: string | null;
  sendAt?: string | null;
  sentAt?: string | null;
  errorCode?: string | null;
  errorMessage?: string | null;
  createdAt: string;
}

export interface Call {
  id: string;
  from: string | null;
  to: string | null;
  status: string;
  errorMessage?: string | null;
  createdAt: string;
}

export interface ConsentEvent {
  id: string;
  type: 'opted_out' | 'opted_in';
  source: ConsentSource;
  keyword: string | null;
  rule: string | null;
  reason: string | null;
  note: string | null;
  actorUserId: string | null;
  messageId: string | null;
  createdAt: string;
}

export type ConversationItem =
  | ({ kind: 'message' } & Message)
  | ({ kind: 'call' } & Call)
  | ({ kind: 'consent' } & ConsentEvent);

export interface OptOutEntry {
  phone: string;
  contact: { id: string; name: string | null; email: string | null; phone: string } | null;
  optedOutAt: string;
  reason: string | null;
  source: ConsentSource;
  keyword: string | null;
  rule?: string | null;
}

export type InboundAction = 'opted_out' | 'opted_in' | 'help' | 'review' | 'none';

export interface InboundResult {
  message: Message;
  contact: Contact;
  action: InboundAction;
  reply: string | null;
}

export interface ReplyTemplates {
  optOutReply: string;
  optInReply: string;
  helpReply: string;
}

export type Language = 'en' | 'es' | 'fr';

export interface OptOutSettings extends ReplyTemplates {
  optOutKeywords: string[];
  optInKeywords: string[];
  helpKeywords: string[];
  languages: Language[];
  translations: Partial<Record<'es' | 'fr', ReplyTemplates>>;
}

export interface ImportResult {
  imported: number;
  skipped: number;
  errors: { row: number; value: string; error: string }[];
}

export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface LedgerVerification {
  ok: boolean;
  checked: number;
  firstBrokenEventId: string | null;
}
