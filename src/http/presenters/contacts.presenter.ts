import type { Static } from 'typebox';
import type { ContactWithConsent, OptOutRow, PhoneConsentRow } from '../../app/read-models.js';
import type { ConsentSource, Contact, OptOutEntry, OptOutState } from './contacts.schema.js';

type Source = Static<typeof ConsentSource>;

export function presentOptOutState(consent: PhoneConsentRow | null): Static<typeof OptOutState> | null {
  if (!consent || consent.opted_out !== 1) return null;
  return { optedOutAt: consent.changed_at, reason: consent.reason, source: consent.source as Source | null, keyword: consent.keyword, rule: consent.rule };
}

export function presentContact({ contact, consent }: ContactWithConsent): Static<typeof Contact> {
  return {
    id: contact.id,
    name: contact.name,
    phone: contact.phone,
    email: contact.email,
    notes: contact.notes,
    tags: JSON.parse(contact.tags) as string[],
    optedOut: consent?.opted_out === 1,
    optOut: presentOptOutState(consent),
    /** A reply from the number awaits review; it is not contacted until a teammate decides. */
    reviewPending: consent?.review_pending === 1,
    createdAt: contact.created_at,
    updatedAt: contact.updated_at,
  };
}

export function presentOptOut({ consent, contact }: OptOutRow): Static<typeof OptOutEntry> {
  return {
    phone: consent.phone,
    contact: contact ? { id: contact.id, name: contact.name, email: contact.email, phone: contact.phone } : null,
    optedOutAt: consent.changed_at!,
    reason: consent.reason,
    source: consent.source as Source | null,
    keyword: consent.keyword,
    rule: consent.rule,
  };
}
