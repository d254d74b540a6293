import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../dialect.js';

// Frozen: on PostgreSQL, a table keyed by number that holds both what the
// opt-out list is ordered by (opted out, when) and what it is searched by (the
// live contact's name and email), so a name or email search reads one table —
// in list order or through its trigram indexes, whichever the planner costs
// lower — instead of joining every opt-out to the contacts table.
//
// Kept in step by triggers, so every writer (the app, an import, a bulk load)
// maintains it. Each side owns its columns: phone_consent writes opted_out and
// changed_at, contacts write contact_id, name and email, always by upsert on
// the number's row. Two concurrent writers of one number therefore meet on
// that row: the second waits for the first to commit and then updates the
// latest version, so neither can miss the other's write (as reading the other
// table under READ COMMITTED could). The contact side writes in a BEFORE
// trigger, ahead of the contact's own index entries, so a consent change that
// goes on to insert the contact never waits on it in turn. Every live contact
// has a row; a number without one gets its row when it is first opted out.
//
// SQLite is left as it is: its FTS5 search over contacts measured within the
// target in most runs, and a second copy would slow the STOPs its one writer
// serialises.
export function optOutSearchMigration(dialect: Dialect) {
  return {
    async up(db: Kysely<any>): Promise<void> {
      if (dialect === 'postgres') await upPostgres(db);
    },
    async down(db: Kysely<any>): Promise<void> {
      if (dialect !== 'postgres') return;
      for (const trigger of ['number_search_consent_insert', 'number_search_consent_update', 'number_search_consent_delete']) {
        await sql`drop trigger if exists ${sql.raw(trigger)} on phone_consent`.execute(db);
      }
      for (const trigger of ['number_search_contact_insert', 'number_search_contact_update', 'number_search_contact_delete']) {
        await sql`drop trigger if exists ${sql.raw(trigger)} on contacts`.execute(db);
      }
      await sql`drop function if exists number_search_from_consent()`.execute(db);
      await sql`drop function if exists number_search_from_contact()`.execute(db);
      await sql`drop table if exists number_search`.execute(db);
    },
  };
}

async function upPostgres(db: Kysely<any>): Promise<void> {
  await sql`create table number_search (
    organization_id text not null,
    phone text not null,
    opted_out integer not null default 0,
    changed_at text,
    contact_id text,
    name text,
    email text,
    constraint number_search_pk primary key (organization_id, phone)
  )`.execute(db);

  await sql`create function number_search_from_consent() returns trigger language plpgsql as $$
  begin
    if tg_op = 'DELETE' then
      update number_search set opted_out = 0, changed_at = null where organization_id = old.organization_id and phone = old.phone;
    else
      insert into number_search (organization_id, phone, opted_out, changed_at)
      values (new.organization_id, new.phone, new.opted_out, new.changed_at)
      on conflict (organization_id, phone) do update set opted_out = excluded.opted_out, changed_at = excluded.changed_at;
    end if;
    return null;
  end $$`.execute(db);
  await sql`create trigger number_search_consent_insert after insert on phone_consent
    for each row when (new.opted_out = 1) execute function number_search_from_consent()`.execute(db);
  await sql`create trigger number_search_consent_update after update on phone_consent
    for each row when (old.opted_out is distinct from new.opted_out or old.changed_at is distinct from new.changed_at)
    execute function number_search_from_consent()`.execute(db);
  await sql`create trigger number_search_consent_delete after delete on phone_consent
    for each row when (old.opted_out = 1) execute function number_search_from_consent()`.execute(db);

  // At most one live contact has a number (contacts_live_phone_uq), and the row names it. A contact only
  // claims a row no other contact holds: BEFORE INSERT runs ahead of the unique check, so an insert that
  // then yields to an existing contact (ON CONFLICT DO NOTHING) must not have overwritten it.
  await sql`create function number_search_from_contact() returns trigger language plpgsql as $$
  begin
    if tg_op <> 'INSERT' and old.deleted_at is null
       and (tg_op = 'DELETE' or new.deleted_at is not null or new.phone <> old.phone or new.organization_id <> old.organization_id) then
      update number_search set contact_id = null, name = null, email = null
       where organization_id = old.organization_id and phone = old.phone and contact_id = old.id;
    end if;
    if tg_op <> 'DELETE' and new.deleted_at is null then
      insert into number_search as s (organization_id, phone, contact_id, name, email)
      values (new.organization_id, new.phone, new.id, new.name, new.email)
      on conflict (organization_id, phone) do update set contact_id = excluded.contact_id, name = excluded.name, email = excluded.email
       where s.contact_id is null or s.contact_id = excluded.contact_id;
    end if;
    if tg_op = 'DELETE' then return old; end if;
    return new;
  end $$`.execute(db);
  await sql`create trigger number_search_contact_insert before insert on contacts
    for each row execute function number_search_from_contact()`.execute(db);
  await sql`create trigger number_search_contact_update before update on contacts
    for each row when (old.name is distinct from new.name or old.email is distinct from new.email or old.phone is distinct from new.phone
                       or old.deleted_at is distinct from new.deleted_at or old.organization_id is distinct from new.organization_id)
    execute function number_search_from_contact()`.execute(db);
  await sql`create trigger number_search_contact_delete before delete on contacts
    for each row execute function number_search_from_contact()`.execute(db);

  await sql`insert into number_search (organization_id, phone, opted_out, changed_at, contact_id, name, email)
    select coalesce(c.organization_id, pc.organization_id), coalesce(c.phone, pc.phone), coalesce(pc.opted_out, 0), pc.changed_at, c.id, c.name, c.email
      from (select * from contacts where deleted_at is null) c
      full join (select * from phone_consent where opted_out = 1) pc on pc.organization_id = c.organization_id and pc.phone = c.phone`.execute(db);

  // Only opted-out numbers are ever searched: partial indexes, so the other rows cost nothing to search.
  // The list's order (changed_at desc, phone desc) is the first read backwards.
  await sql`create index number_search_opted_out_order on number_search (organization_id, changed_at, phone) where opted_out = 1`.execute(db);
  const ops = await trigramOperatorClass(db);
  if (ops !== null) {
    await sql`create index number_search_opted_out_name_trgm on number_search using gin (lower(name) ${ops}) where opted_out = 1`.execute(db);
    await sql`create index number_search_opted_out_email_trgm on number_search using gin (lower(email) ${ops}) where opted_out = 1`.execute(db);
  }
}

/** pg_trgm's operator class, schema-qualified, when migration 0004 could install it; null otherwise (searches stay correct, only slower). */
async function trigramOperatorClass(db: Kysely<any>): Promise<ReturnType<typeof sql.raw> | null> {
  const installed = await sql<{ schema: string }>`select n.nspname as schema from pg_extension e join pg_namespace n on n.oid = e.extnamespace where e.extname = 'pg_trgm'`.execute(db);
  const schema = installed.rows[0]?.schema;
  if (schema === undefined) return null;
  return sql.raw(`"${schema.replace(/"/g, '""')}".gin_trgm_ops`);
}
