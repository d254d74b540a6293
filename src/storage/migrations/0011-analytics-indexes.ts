import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../dialect.js';

// Frozen: what opt-out insights read (src/storage/repositories/analytics.repository.ts).
// The organization's time zone needs no column: it lives in the settings JSON
// with the other organization settings, defaulting to America/New_York.
// - messages.sequence_id: the sequence whose step queued a text, filled in for
//   texts sequences sent before (through their step runs). Counting a
//   quarter's delivered texts per sequence through step runs and enrollments
//   took 370–870 ms at 400,000 texts; from this column, read from the index
//   below, it takes a few tens of ms (docs/benchmarks.md);
// - consent events by organization and time, carrying every column the
//   timeline and the attribution read (type, source, actor, rule, phone), so
//   counting a year of events reads the index alone (reading the phone from
//   the table instead took 216 ms for a month of 32,000 opt-outs, 70 ms from
//   the index, on a loaded 2-core machine);
// - outbound texts by recipient and send time, carrying what the attribution
//   reads of the last text before an opt-out (status, purpose, sequence,
//   sender), so it never touches the table;
// - outbound texts by send time, carrying status, purpose, sender and
//   sequence: the delivered texts of a range per sender number or sequence
//   without touching the table;
// - step runs by message: which step run queued a text;
// - review items by decision time: decisions made in a range.
export function analyticsIndexesMigration(_dialect: Dialect) {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema.alterTable('messages').addColumn('sequence_id', 'text').execute();
      await db.schema.createIndex('sequence_step_runs_message_idx').on('sequence_step_runs').columns(['message_id']).execute();
      await sql`update messages set sequence_id = (
          select en.sequence_id from sequence_step_runs r join sequence_enrollments en on en.id = r.enrollment_id where r.message_id = messages.id
        ) where purpose = 'sequence'`.execute(db);
      await db.schema
        .createIndex('consent_events_timeline_idx')
        .on('consent_events')
        .columns(['organization_id', 'created_at', 'type', 'source', 'actor_user_id', 'rule', 'phone'])
        .execute();
      await db.schema
        .createIndex('messages_outbound_received_idx')
        .on('messages')
        .columns(['organization_id', 'to_number', 'sent_at', 'status', 'purpose', 'sequence_id', 'from_number'])
        .where(sql.ref('direction'), '=', 'outbound')
        .execute();
      await db.schema
        .createIndex('messages_outbound_sent_idx')
        .on('messages')
        .columns(['organization_id', 'sent_at', 'status', 'purpose', 'from_number', 'sequence_id'])
        .where(sql.ref('direction'), '=', 'outbound')
        .execute();
      await db.schema.createIndex('review_items_decided_idx').on('review_items').columns(['organization_id', 'decided_at']).execute();
    },
    async down(db: Kysely<any>): Promise<void> {
      for (const name of ['review_items_decided_idx', 'messages_outbound_sent_idx', 'messages_outbound_received_idx', 'consent_events_timeline_idx', 'sequence_step_runs_message_idx']) {
        await db.schema.dropIndex(name).ifExists().execute();
      }
      await db.schema.alterTable('messages').dropColumn('sequence_id').execute();
    },
  };
}
