import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../dialect.js';

// Frozen: indexes for opt-out insights (src/storage/repositories/analytics.repository.ts).
// The organization's time zone needs no column: it lives in the settings JSON
// with the other organization settings, defaulting to America/New_York.
// - consent events by organization and time, carrying every column the
//   timeline reads (type, source, actor, rule), so counting a year of events
//   reads the index alone;
// - outbound texts by recipient and send time: the last text a number received
//   before it opted out (attribution);
// - outbound texts by send time, carrying status, purpose and sender: the
//   delivered texts of a range per sender number without touching the table;
// - step runs by message: which sequence a text belongs to;
// - review items by decision time: decisions made in a range.
export function analyticsIndexesMigration(_dialect: Dialect) {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createIndex('consent_events_timeline_idx')
        .on('consent_events')
        .columns(['organization_id', 'created_at', 'type', 'source', 'actor_user_id', 'rule'])
        .execute();
      await db.schema
        .createIndex('messages_outbound_received_idx')
        .on('messages')
        .columns(['organization_id', 'to_number', 'sent_at'])
        .where(sql.ref('direction'), '=', 'outbound')
        .execute();
      await db.schema
        .createIndex('messages_outbound_sent_idx')
        .on('messages')
        .columns(['organization_id', 'sent_at', 'status', 'purpose', 'from_number'])
        .where(sql.ref('direction'), '=', 'outbound')
        .execute();
      await db.schema.createIndex('sequence_step_runs_message_idx').on('sequence_step_runs').columns(['message_id']).execute();
      await db.schema.createIndex('review_items_decided_idx').on('review_items').columns(['organization_id', 'decided_at']).execute();
    },
    async down(db: Kysely<any>): Promise<void> {
      for (const name of ['review_items_decided_idx', 'sequence_step_runs_message_idx', 'messages_outbound_sent_idx', 'messages_outbound_received_idx', 'consent_events_timeline_idx']) {
        await db.schema.dropIndex(name).ifExists().execute();
      }
    },
  };
}
