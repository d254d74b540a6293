/**
 * The records use cases hand the HTTP edge to present. The edge names them
 * from here, never from storage: what it may read is decided by the app.
 */
export type {
  ApiKeyRow,
  CallRow,
  ConsentEventRow,
  MessageRow,
  OrganizationRow,
  PhoneConsentRow,
  PhoneNumberRow,
  SequenceEnrollmentRow,
  UserRow,
  WebhookDeliveryRow,
  WebhookEndpointRow,
} from '../storage/schema.js';
export type { ContactWithConsent } from '../storage/repositories/contacts.repository.js';
export type { OptOutRow } from '../storage/repositories/opt-out-search.repository.js';
export type { ConversationEntry } from '../storage/repositories/conversation.repository.js';
