import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openStorage, type StorageHandle } from '../../src/storage/database.js';
import { phoneDigits } from '../../src/domain/phone.js';
import { parseSearch } from '../../src/app/contacts/contacts.js';
import type { OptOutRow } from '../../src/storage/repositories/opt-out-search.repository.js';
import { searchContacts, type ContactWithConsent } from '../../src/storage/repositories/contacts.repository.js';
import { insertOrganization } from '../../src/storage/repositories/organizations.repository.js';
import { searchTuning } from '../../src/storage/repositories/search.repository.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases.js';
import { everyOptOutPage, referenceOptOutPhones } from '../support/opt-out-reference.js';

const FIRST = ['Maria', 'Mark', 'Marta', 'José', 'ÉLODIE', 'Anne-Marie', 'Ann', 'Zoë', "O'Brien", 'Li', 'Jo_hn', '100% Real'];
const LAST = ['Lopez', 'Smith', 'Marsh', 'Ng', 'Ångström', 'Doe'];
const DOMAINS = ['corp.example', 'mail.example', 'marsh.example', 'x_y.example'];

// The substring index and the ordered walk are two ways to the same answer: every search must find exactly the same rows either way.
describe.each(DIALECTS)('list searches read through the index or by walking give the same answer (%s)', (dialect) => {
  let database: TestDatabase;
  let storage: StorageHandle;
  const org = 'org-search';
  const defaultIndexReadLimit = searchTuning.indexReadLimit;
  const other = 'org-other';

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    storage = openStorage(database.target);
    await storage.migrate();
    const now = Date.UTC(2026, 0, 1);
    for (const id of [org, other]) await insertOrganization(storage.db, { id, name: id, default_country: 'US', settings: '{}', created_at: new Date(now).toISOString() });
    await storage.db.transaction().execute(async (trx) => {
      for (let i = 0; i < 240; i += 1) {
        const organizationId = i % 8 === 7 ? other : org;
        const phone = `+1${[415, 212, 646, 917][i % 4]}555${String(1000 + ((i * 37) % 9000)).padStart(4, '0')}`;
        const name = i % 11 === 5 ? null : `${FIRST[i % FIRST.length]} ${LAST[(i * 7) % LAST.length]}`;
        const email = i % 6 === 2 ? null : `${(name ?? 'someone').toLowerCase().replace(/[^a-z0-9%_']/g, '.')}${i}@${DOMAINS[i % DOMAINS.length]}`;
        const created = new Date(now + (i % 50) * 60_000).toISOString(); // ties in created_at on purpose
        const deleted = i % 19 === 3 ? created : null;
        await trx
          .insertInto('contacts')
          .values({ id: `c-${String(i).padStart(3, '0')}`, organization_id: organizationId, name, phone, phone_digits: phoneDigits(phone), email, notes: null, tags: '[]', created_at: created, updated_at: created, deleted_at: deleted })
          .execute();
        if (i % 5 !== 4) {
          const optedOut = i % 3 !== 0 ? 1 : 0;
          await trx
            .insertInto('phone_consent')
            .values({ organization_id: organizationId, phone, opted_out: optedOut, changed_at: optedOut ? new Date(now + (i % 40) * 1000).toISOString() : null, source: optedOut ? 'keyword' : null, keyword: null, rule: null, reason: null, event_id: null, review_pending: 0 })
            .onConflict((oc) => oc.columns(['organization_id', 'phone']).doNothing())
            .execute();
        }
      }
      // Opted-out numbers that never had a contact.
      for (let i = 0; i < 30; i += 1) {
        await trx
          .insertInto('phone_consent')
          .values({ organization_id: org, phone: `+1310555${String(2000 + i * 3)}`, opted_out: 1, changed_at: new Date(now + i * 1000).toISOString(), source: 'import', keyword: null, rule: null, reason: null, event_id: null, review_pending: 0 })
          .execute();
      }
    });
    // A contact renamed after it was indexed is found by its new name only.
    await storage.db.updateTable('contacts').set({ name: 'Renamed Person' }).where('id', '=', 'c-001').execute();
  });
  afterAll(async () => {
    await storage.close();
    await database.drop();
  });
  afterEach(() => {
    searchTuning.indexReadLimit = defaultIndexReadLimit;
  });

  const allOptOuts = (search: string): Promise<OptOutRow[]> => everyOptOutPage(storage.db, org, search, 7);

  async function allContacts(search: string, optedOut: boolean | null): Promise<ContactWithConsent[]> {
    const { text, digits } = parseSearch(search);
    const rows: ContactWithConsent[] = [];
    let cursor: string | null = null;
    do {
      const page = await searchContacts(storage.db, { organizationId: org, text, digits, optedOut, limit: 7, cursor });
      rows.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor !== null);
    return rows;
  }

  const TERMS = ['mar', 'MAR', 'lopez', 'anne-marie', 'ann', 'élodie', 'zoë', "o'brien", 'jo_h', '100%', '_', '%', 'corp.example', '@marsh', 'renamed', 'maria lopez', 'nobody', 'a', 'ng', '"', '555', '4155', '(212) 555-1', '310555', '2021', '+1 646', '0000'];

  it.each(TERMS)('search %j', async (term) => {
    searchTuning.indexReadLimit = 0;
    const walked = { optOuts: await allOptOuts(term), contacts: await allContacts(term, null), opted: await allContacts(term, true), allowed: await allContacts(term, false) };
    searchTuning.indexReadLimit = 1_000_000;
    const indexed = { optOuts: await allOptOuts(term), contacts: await allContacts(term, null), opted: await allContacts(term, true), allowed: await allContacts(term, false) };
    expect(indexed).toEqual(walked);
    // Nothing of the other organization, nothing deleted, nobody twice.
    expect(indexed.contacts.every((c) => c.contact.organization_id === org && c.contact.deleted_at === null)).toBe(true);
    expect(new Set(indexed.optOuts.map((o) => o.consent.phone)).size).toBe(indexed.optOuts.length);
  });

  it.each(TERMS)('search %j finds exactly what the plain query finds, in order', async (term) => {
    expect((await allOptOuts(term)).map((row) => row.consent.phone)).toEqual(await referenceOptOutPhones(storage.db, org, term));
  });

  it('finds what it should (sanity of the fixture)', async () => {
    expect((await allOptOuts('smith')).length).toBeGreaterThan(3);
    expect((await allContacts('lopez', null)).length).toBeGreaterThan(3);
    expect((await allOptOuts('310555')).every((o) => o.contact === null)).toBe(true);
    expect((await allOptOuts('310555')).length).toBe(30);
    expect(await allContacts('renamed', null)).toHaveLength(1);
  });
});
