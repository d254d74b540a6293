import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { phoneDigits } from '../../src/domain/phone.js';
import { openStorage, type StorageHandle } from '../../src/storage/database.js';
import { insertContactIfAbsent } from '../../src/storage/repositories/contacts.repository.js';
import { insertOrganization } from '../../src/storage/repositories/organizations.repository.js';
import { createTestDatabase, DIALECTS, TEST_POSTGRES_URL, type TestDatabase } from '../support/databases.js';
import { everyOptOutPage, referenceOptOutPhones } from '../support/opt-out-reference.js';

const ORG = 'org-edits';
const TERMS = ['alice', 'walker', 'bob', 'carol', 'dana', 'zed', '@example', 'new.mail', '555', '0009', '4155550002'];
const NUMBERS = { alice: '+14155550001', bob: '+14155550002', carol: '+14155550003', bare: '+14155550009' };

// Name and email searches of the opt-out list read a table kept by triggers on PostgreSQL (migration 0005); whatever
// is edited, deleted, opted in or out afterwards, the list must answer as the plain tables say.
describe.each(DIALECTS)('the opt-out list search follows every edit (%s)', (dialect) => {
  let database: TestDatabase;
  let storage: StorageHandle;
  let clock = Date.UTC(2026, 5, 1);
  const at = () => new Date((clock += 1000)).toISOString();

  beforeEach(async () => {
    database = await createTestDatabase(dialect);
    storage = openStorage(database.target);
    await storage.migrate();
    await insertOrganization(storage.db, { id: ORG, name: ORG, default_country: 'US', settings: '{}', created_at: at() });
  });
  afterEach(async () => {
    await storage.close();
    await database.drop();
  });

  async function addContact(id: string, name: string, phone: string, email: string | null): Promise<void> {
    const now = at();
    await storage.db
      .insertInto('contacts')
      .values({ id, organization_id: ORG, name, phone, phone_digits: phoneDigits(phone), email, notes: null, tags: '[]', created_at: now, updated_at: now, deleted_at: null })
      .execute();
  }

  async function setConsent(phone: string, optedOut: boolean): Promise<void> {
    const row = { opted_out: optedOut ? 1 : 0, changed_at: at(), source: 'keyword', keyword: optedOut ? 'STOP' : 'START', rule: null, reason: null, event_id: null, review_pending: 0 };
    await storage.db
      .insertInto('phone_consent')
      .values({ organization_id: ORG, phone, ...row })
      .onConflict((oc) => oc.columns(['organization_id', 'phone']).doUpdateSet(row))
      .execute();
  }

  async function listed(term: string): Promise<string[]> {
    return (await everyOptOutPage(storage.db, ORG, term, 2)).map((row) => row.consent.phone);
  }

  async function expectListMatchesTables(step: string): Promise<void> {
    for (const term of TERMS) {
      expect({ step, term, phones: await listed(term) }).toEqual({ step, term, phones: await referenceOptOutPhones(storage.db, ORG, term) });
    }
  }

  it('after renames, deletions, number changes, new contacts and consent changes', async () => {
    await addContact('alice', 'Alice Walker', NUMBERS.alice, 'alice@example.com');
    await addContact('bob', 'Bob Stone', NUMBERS.bob, 'bob@example.com');
    await addContact('carol', 'Carol King', NUMBERS.carol, null);
    await setConsent(NUMBERS.alice, true);
    await setConsent(NUMBERS.bob, true);
    await setConsent(NUMBERS.carol, false);
    await setConsent(NUMBERS.bare, true);
    await expectListMatchesTables('initial');
    expect(await listed('walker')).toEqual([NUMBERS.alice]);

    await storage.db.updateTable('contacts').set({ name: 'Zed Alpha', email: 'new.mail@elsewhere.test' }).where('id', '=', 'alice').execute();
    await expectListMatchesTables('renamed');
    expect(await listed('walker')).toEqual([]);
    expect(await listed('zed')).toEqual([NUMBERS.alice]);

    await storage.db.updateTable('contacts').set({ deleted_at: at() }).where('id', '=', 'bob').execute();
    await expectListMatchesTables('deleted');
    expect(await listed('bob')).toEqual([]);
    expect(await listed('4155550002')).toEqual([NUMBERS.bob]); // the number stays opted out without its contact

    await addContact('dana', 'Dana Zed', NUMBERS.bare, null);
    await expectListMatchesTables('contact for a bare number');
    expect(await listed('dana')).toEqual([NUMBERS.bare]);

    await storage.db.updateTable('contacts').set({ phone: NUMBERS.bob, phone_digits: phoneDigits(NUMBERS.bob) }).where('id', '=', 'carol').execute();
    await expectListMatchesTables('number changed onto an opted-out number');
    expect(await listed('carol')).toEqual([NUMBERS.bob]);

    // A second contact for a number that has one yields (as two first texts racing do); the first keeps it.
    const now = at();
    await insertContactIfAbsent(storage.db, { id: 'dana-again', organization_id: ORG, name: 'Other Person', phone: NUMBERS.bare, phone_digits: phoneDigits(NUMBERS.bare), email: null, notes: null, tags: '[]', created_at: now, updated_at: now, deleted_at: null });
    await expectListMatchesTables('contact insert that yielded');
    expect(await listed('dana')).toEqual([NUMBERS.bare]);

    await setConsent(NUMBERS.alice, false);
    await expectListMatchesTables('opted in');
    expect(await listed('zed')).toEqual([NUMBERS.bare]);

    await setConsent(NUMBERS.alice, true);
    await expectListMatchesTables('opted out again');
    expect(await listed('zed')).toEqual([NUMBERS.alice, NUMBERS.bare]); // newest first

    await storage.db.deleteFrom('contacts').where('id', '=', 'dana').execute();
    await storage.db.deleteFrom('phone_consent').where('phone', '=', NUMBERS.alice).execute();
    await expectListMatchesTables('rows deleted');
    expect(await listed('zed')).toEqual([]);
  });

  it.runIf(dialect === 'postgres')('when a rename and an opt-out of the same number commit at the same moment, either order', async () => {
    const target = database.target as Extract<TestDatabase['target'], { dialect: 'postgres' }>;
    const connect = async () => {
      const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
      await client.connect();
      await client.query(`set search_path to ${target.schema}`);
      return client;
    };
    const editor = await connect();
    const stopper = await connect();
    try {
      for (let round = 0; round < 10; round += 1) {
        const phone = `+1415555${String(7000 + round)}`;
        await addContact(`racer-${round}`, `Before ${round}`, phone, null);
        await setConsent(phone, false);
        const renameFirst = round % 2 === 0;
        const [first, second] = renameFirst ? [editor, stopper] : [stopper, editor];
        const rename = () => editor.query('update contacts set name = $1 where id = $2', [`After ${round}`, `racer-${round}`]);
        const optOut = () => stopper.query(`update phone_consent set opted_out = 1, changed_at = $1 where phone = $2`, [at(), phone]);
        await first.query('begin');
        await second.query('begin');
        await (renameFirst ? rename() : optOut());
        // The second write reads the number while the first is uncommitted; it must wait for it rather than read around it.
        const secondWrite = renameFirst ? optOut() : rename();
        await new Promise((done) => setTimeout(done, 30));
        await first.query('commit');
        await secondWrite;
        await second.query('commit');
        expect({ round, phones: await listed(`after ${round}`) }).toEqual({ round, phones: [phone] });
        expect({ round, phones: await listed(`before ${round}`) }).toEqual({ round, phones: [] });
      }
      await expectListMatchesTables('after the races');
    } finally {
      await editor.end();
      await stopper.end();
    }
  });
});
