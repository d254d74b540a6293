import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../dialect.js';

// Frozen: real calls and the opt-out notice on first texts.
// - users.phone: where a click-to-call rings the user first.
// - calls: what kind of call (bridge: an agent is rung, then the contact;
//   voice_message: spoken words with the keypress opt-out; inbound: a call to
//   the organization's number), its direction, the agent's number, the words
//   or audio, how long it lasted and when it ended. Calls queued before this
//   migration played a fixed sentence: voice messages.
// - consent_events.call_id: the call an opt-out was made on (keypress, or an
//   agent's "asked not to be called"), as evidence.
// - an index of outbound texts by number and time: the notice rule asks for
//   the last text to a number before every send.
// - an index of calls by Twilio's call sid: status callbacks and retried
//   inbound-call webhooks find their call by it.
export function callsAndNoticeMigration(_dialect: Dialect) {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema.alterTable('users').addColumn('phone', 'text').execute();
      await db.schema.alterTable('calls').addColumn('kind', 'text', (c) => c.notNull().defaultTo('voice_message')).execute();
      await db.schema.alterTable('calls').addColumn('direction', 'text', (c) => c.notNull().defaultTo('outbound')).execute();
      await db.schema.alterTable('calls').addColumn('connect_to', 'text').execute();
      await db.schema.alterTable('calls').addColumn('voice_message', 'text').execute();
      await db.schema.alterTable('calls').addColumn('audio_url', 'text').execute();
      await db.schema.alterTable('calls').addColumn('duration_seconds', 'integer').execute();
      await db.schema.alterTable('calls').addColumn('ended_at', 'text').execute();
      await db.schema.alterTable('consent_events').addColumn('call_id', 'text').execute();
      await db.schema
        .createIndex('messages_outbound_by_number_idx')
        .on('messages')
        .columns(['organization_id', 'to_number', 'created_at'])
        .where(sql.ref('direction'), '=', 'outbound')
        .execute();
      await db.schema.createIndex('calls_provider_call_id_idx').on('calls').columns(['provider_call_id']).execute();
    },
    async down(db: Kysely<any>): Promise<void> {
      await db.schema.dropIndex('calls_provider_call_id_idx').ifExists().execute();
      await db.schema.dropIndex('messages_outbound_by_number_idx').ifExists().execute();
      await db.schema.alterTable('consent_events').dropColumn('call_id').execute();
      for (const column of ['ended_at', 'duration_seconds', 'audio_url', 'voice_message', 'connect_to', 'direction', 'kind']) {
        await db.schema.alterTable('calls').dropColumn(column).execute();
      }
      await db.schema.alterTable('users').dropColumn('phone').execute();
    },
  };
}
