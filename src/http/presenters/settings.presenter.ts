import type { Static } from 'typebox';
import type { PhoneNumberRow } from '../../app/read-models.js';
import type { SenderNumber } from './settings.schema.js';

export function presentPhoneNumber(row: PhoneNumberRow): Static<typeof SenderNumber> {
  return {
    id: row.id,
    phoneNumber: row.phone_number,
    provider: row.provider,
    /** A Twilio number its organization's Twilio account confirmed it owns; only these route Twilio's webhooks. */
    verified: row.verified_at !== null,
    verifiedAt: row.verified_at,
    createdAt: row.created_at,
  };
}
