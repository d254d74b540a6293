import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../dialect.js';

// Frozen: substring indexes for the contact and opt-out list searches
// (name and email case-insensitively, partial phone digits), so a search
// reads the few rows that match instead of walking every opt-out.
//
// SQLite: FTS5 trigram tables over contacts and phone_consent, kept in step
// by triggers (external content, keyed by rowid; SQLite's backup API keeps
// rowids, and `INSERT INTO contacts_search(contacts_search) VALUES('rebuild')`
// rebuilds one from its table should anything ever renumber them).
// PostgreSQL: pg_trgm GIN indexes. Where pg_trgm cannot be installed the
// indexes are left out and searches stay correct, only slower.
export function searchIndexesMigration(dialect: Dialect) {
  return {
    async up(db: Kysely<any>): Promise<void> {
      if (dialect === 'sqlite') {
        await upSqlite(db);
      } else {
        await upPostgres(db);
        await upCoveringPostgres(db);
      }
    },
    async down(db: Kysely<any>): Promise<void> {
      if (dialect === 'sqlite') {
        for (const trigger of ['contacts_search_ai', 'contacts_search_ad', 'contacts_search_au', 'phone_consent_search_ai', 'phone_consent_search_ad', 'phone_consent_search_au']) {
          await sql`drop trigger if exists ${sql.raw(trigger)}`.execute(db);
        }
        await sql`drop table if exists contacts_search`.execute(db);
        await sql`drop table if exists phone_consent_search`.execute(db);
      } else {
        for (const index of ['contacts_name_trgm', 'contacts_email_trgm', 'contacts_phone_digits_trgm', 'phone_consent_opted_out_digits_trgm', 'contacts_live_phone_search']) {
          await sql`drop index if exists ${sql.raw(index)}`.execute(db);
        }
      }
    },
  };
}

// SQLite runs migrations outside a transaction: every statement may be run again after a crash midway.
async function upSqlite(db: Kysely<any>): Promise<void> {
  // The trigram tokenizer folds case (Unicode-aware) and matches any substring of three characters or more.
  await sql`create virtual table if not exists contacts_search using fts5(name, email, phone_digits, content='contacts', content_rowid='rowid', tokenize='trigram')`.execute(db);
  await sql`create trigger if not exists contacts_search_ai after insert on contacts begin
    insert into contacts_search (rowid, name, email, phone_digits) values (new.rowid, new.name, new.email, new.phone_digits);
  end`.execute(db);
  await sql`create trigger if not exists contacts_search_ad after delete on contacts begin
    insert into contacts_search (contacts_search, rowid, name, email, phone_digits) values ('delete', old.rowid, old.name, old.email, old.phone_digits);
  end`.execute(db);
  await sql`create trigger if not exists contacts_search_au after update of name, email, phone_digits on contacts begin
    insert into contacts_search (contacts_search, rowid, name, email, phone_digits) values ('delete', old.rowid, old.name, old.email, old.phone_digits);
    insert into contacts_search (rowid, name, email, phone_digits) values (new.rowid, new.name, new.email, new.phone_digits);
  end`.execute(db);
  await sql`insert into contacts_search (contacts_search) values ('rebuild')`.execute(db);

  // Every number the organization has dealt with, so an opt-out without a contact is found by its digits too.
  await sql`create virtual table if not exists phone_consent_search using fts5(phone, content='phone_consent', content_rowid='rowid', tokenize='trigram')`.execute(db);
  await sql`create trigger if not exists phone_consent_search_ai after insert on phone_consent begin
    insert into phone_consent_search (rowid, phone) values (new.rowid, new.phone);
  end`.execute(db);
  await sql`create trigger if not exists phone_consent_search_ad after delete on phone_consent begin
    insert into phone_consent_search (phone_consent_search, rowid, phone) values ('delete', old.rowid, old.phone);
  end`.execute(db);
  await sql`create trigger if not exists phone_consent_search_au after update of phone on phone_consent begin
    insert into phone_consent_search (phone_consent_search, rowid, phone) values ('delete', old.rowid, old.phone);
    insert into phone_consent_search (rowid, phone) values (new.rowid, new.phone);
  end`.execute(db);
  await sql`insert into phone_consent_search (phone_consent_search) values ('rebuild')`.execute(db);
}

async function upPostgres(db: Kysely<any>): Promise<void> {
  const ops = await trigramOperatorClass(db);
  if (ops === null) return;
  // Expressions exactly as the search queries write them, so the planner can use them.
  await sql`create index contacts_name_trgm on contacts using gin (lower(name) ${ops})`.execute(db);
  await sql`create index contacts_email_trgm on contacts using gin (lower(email) ${ops})`.execute(db);
  await sql`create index contacts_phone_digits_trgm on contacts using gin (phone_digits ${ops})`.execute(db);
  // The digits of an opted-out number (E.164 without its "+"): an expression, so the plain
  // phone = ? lookups of the send gate never mistake this index for the primary key.
  await sql`create index phone_consent_opted_out_digits_trgm on phone_consent using gin (substr(phone, 2) ${ops}) where opted_out = 1`.execute(db);
}

async function upCoveringPostgres(db: Kysely<any>): Promise<void> {
  // Walking the opt-out list joins each number to its live contact's name and email; with them in the
  // index that is an index-only lookup instead of a visit to the table for every number passed.
  await sql`create index contacts_live_phone_search on contacts (organization_id, phone) include (id, name, email) where deleted_at is null`.execute(db);
}

/**
 * Installs pg_trgm once per database and names its operator class,
 * schema-qualified (the connection's search_path may not include it).
 * Null when the extension is not available or may not be installed here.
 */
async function trigramOperatorClass(db: Kysely<any>): Promise<ReturnType<typeof sql.raw> | null> {
  // Several schemas of one database may migrate at once (tests, a rollout): one installs, the others wait and reuse it.
  await sql`select pg_advisory_xact_lock(hashtext('salespartner:pg_trgm'))`.execute(db);
  const installed = await sql<{ schema: string }>`select n.nspname as schema from pg_extension e join pg_namespace n on n.oid = e.extnamespace where e.extname = 'pg_trgm'`.execute(db);
  let schema = installed.rows[0]?.schema ?? null;
  if (schema === null) {
    const available = await sql<{ name: string }>`select name from pg_available_extensions where name = 'pg_trgm'`.execute(db);
    if (available.rows.length === 0) return null;
    // Into public when possible: an extension living in an application schema would vanish with it.
    const target = await sql<{ schema: string }>`
      select case when has_schema_privilege('public', 'CREATE') then 'public' else current_schema() end as schema`.execute(db);
    schema = target.rows[0]!.schema;
    await sql`savepoint install_pg_trgm`.execute(db);
    try {
      await sql`create extension pg_trgm with schema ${sql.id(schema)}`.execute(db);
      await sql`release savepoint install_pg_trgm`.execute(db);
    } catch {
      // Not allowed here (pg_trgm is a trusted extension, but needs CREATE on the database): search without it.
      await sql`rollback to savepoint install_pg_trgm`.execute(db);
      return null;
    }
  }
  return sql.raw(`${quoteIdentifier(schema)}.gin_trgm_ops`);
}

function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
