import { AppError } from '../../domain/errors.js';
import { normalizePhone, phoneDigits, searchDigitsOf } from '../../domain/phone.js';
import { isUniqueViolation, type Executor } from '../../storage/executor.js';
import {
  findContactById,
  findContactByPhone,
  insertContact,
  insertContactIfAbsent,
  searchContacts,
  updateContact,
  type ContactWithConsent,
} from '../../storage/repositories/contacts.repository.js';
import { findPhoneConsent } from '../../storage/repositories/phone-consent.repository.js';
import type { Page } from '../../storage/pagination.js';
import type { ContactRow } from '../../storage/schema.js';
import { nowIso, type AppDeps, type Principal } from '../context.js';
import { loadOrganization } from '../organization.js';
import { normalizeEmail } from '../accounts/validation.js';

export interface ContactInput {
  name?: string | null;
  phone?: string;
  email?: string | null;
  notes?: string | null;
  tags?: string[];
}

const MAX_TAGS = 50;

export async function createContact(deps: AppDeps, principal: Principal, input: ContactInput & { phone: string }): Promise<ContactWithConsent> {
  const { organization } = await loadOrganization(deps.db, principal.organizationId);
  const phone = normalizePhone(input.phone, organization.default_country);
  const now = nowIso(deps);
  const row: ContactRow = {
    id: deps.newId(),
    organization_id: principal.organizationId,
    name: cleanText(input.name),
    phone,
    phone_digits: phoneDigits(phone),
    email: input.email ? normalizeEmail(input.email) : null,
    notes: cleanText(input.notes),
    tags: JSON.stringify(cleanTags(input.tags ?? [])),
    created_at: now,
    updated_at: now,
    deleted_at: null,
  };
  try {
    await insertContact(deps.db, row);
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicatePhone(phone);
    throw error;
  }
  return withConsent(deps.db, row);
}

export async function getContact(deps: AppDeps, principal: Principal, id: string): Promise<ContactWithConsent> {
  return withConsent(deps.db, await requireContact(deps.db, principal.organizationId, id));
}

export async function updateContactDetails(deps: AppDeps, principal: Principal, id: string, input: ContactInput): Promise<ContactWithConsent> {
  const contact = await requireContact(deps.db, principal.organizationId, id);
  const changes: Partial<ContactRow> = { updated_at: nowIso(deps) };
  if (input.name !== undefined) changes.name = cleanText(input.name);
  if (input.email !== undefined) changes.email = input.email ? normalizeEmail(input.email) : null;
  if (input.notes !== undefined) changes.notes = cleanText(input.notes);
  if (input.tags !== undefined) changes.tags = JSON.stringify(cleanTags(input.tags));
  if (input.phone !== undefined) {
    const { organization } = await loadOrganization(deps.db, principal.organizationId);
    changes.phone = normalizePhone(input.phone, organization.default_country);
    changes.phone_digits = phoneDigits(changes.phone);
  }
  try {
    await updateContact(deps.db, principal.organizationId, id, changes);
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicatePhone(changes.phone ?? contact.phone);
    throw error;
  }
  return withConsent(deps.db, { ...contact, ...changes });
}

export interface ContactListQuery {
  search?: string;
  optedOut?: boolean;
  limit: number;
  cursor?: string;
}

export async function listContacts(deps: AppDeps, principal: Principal, query: ContactListQuery): Promise<Page<ContactWithConsent>> {
  const { text, digits } = parseSearch(query.search);
  return searchContacts(deps.db, {
    organizationId: principal.organizationId,
    text,
    digits,
    optedOut: query.optedOut ?? null,
    limit: query.limit,
    cursor: query.cursor ?? null,
  });
}

/**
 * Splits a search box entry into text (name/email) and phone digits.
 * "(415) 555-0101" searches digits only; "ann" searches names and emails;
 * a query like "ann 555" is text, since names rarely contain digits.
 */
export function parseSearch(search: string | undefined): { text: string | null; digits: string | null } {
  const trimmed = search?.trim() ?? '';
  if (!trimmed) return { text: null, digits: null };
  const digits = searchDigitsOf(trimmed);
  if (digits !== null) return { text: null, digits };
  return { text: trimmed.toLowerCase(), digits: null };
}

export async function requireContact(db: Executor, organizationId: string, id: string): Promise<ContactRow> {
  const contact = await findContactById(db, organizationId, id);
  if (!contact) throw new AppError('not_found', 'No such contact in this organization.');
  return contact;
}

/**
 * Finds the live contact with this number or creates one, so every
 * conversation has a home. Safe when two requests for a new number race:
 * the insert yields to the other's row instead of failing.
 */
export async function findOrCreateContactByPhone(db: Executor, deps: Pick<AppDeps, 'clock' | 'newId'>, organizationId: string, phone: string): Promise<ContactRow> {
  const existing = await findContactByPhone(db, organizationId, phone);
  if (existing) return existing;
  const now = deps.clock().toISOString();
  const row: ContactRow = {
    id: deps.newId(),
    organization_id: organizationId,
    name: null,
    phone,
    phone_digits: phoneDigits(phone),
    email: null,
    notes: null,
    tags: '[]',
    created_at: now,
    updated_at: now,
    deleted_at: null,
  };
  if (await insertContactIfAbsent(db, row)) return row;
  // Another request created it first: theirs is the contact.
  const contact = await findContactByPhone(db, organizationId, phone);
  if (!contact) throw new Error(`The contact for ${phone} vanished while being created.`);
  return contact;
}

export async function withConsent(db: Executor, contact: ContactRow): Promise<ContactWithConsent> {
  return { contact, consent: await findPhoneConsent(db, contact.organization_id, contact.phone) };
}

function duplicatePhone(phone: string): AppError {
  return new AppError('conflict', `phone: a contact with ${phone} already exists in this organization.`, { field: 'phone' });
}

function cleanText(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

function cleanTags(tags: string[]): string[] {
  const cleaned = [...new Set(tags.map((tag) => tag.trim()).filter((tag) => tag.length > 0))];
  if (cleaned.length > MAX_TAGS) throw new AppError('invalid_request', `tags: at most ${MAX_TAGS} tags.`, { field: 'tags' });
  return cleaned;
}
