import type { Migration, MigrationProvider } from 'kysely';
import type { Dialect } from '../dialect.js';
import { initialMigration } from './0001-initial.js';
import { sequencesMigration } from './0002-sequences.js';
import { reviewQueueMigration } from './0003-review-queue.js';
import { searchIndexesMigration } from './0004-search-indexes.js';
import { optOutSearchMigration } from './0005-opt-out-search.js';
import { optedOutNumbersIndexMigration } from './0006-opted-out-numbers-index.js';
import { channelsAndProvenNumbersMigration } from './0007-channels-and-proven-numbers.js';
import { removedUsersMigration } from './0008-removed-users.js';
import { webhooksMigration } from './0009-webhooks.js';
import { callsAndNoticeMigration } from './0010-calls-and-notice.js';
import { analyticsIndexesMigration } from './0011-analytics-indexes.js';
import { optOutImportJobsMigration } from './0012-opt-out-import-jobs.js';

/** Every migration in order. Names sort in the order they must run. */
export function listMigrations(dialect: Dialect): Record<string, Migration> {
  return {
    '0001-initial': initialMigration(dialect),
    '0002-sequences': sequencesMigration(dialect),
    '0003-review-queue': reviewQueueMigration(dialect),
    '0004-search-indexes': searchIndexesMigration(dialect),
    '0005-opt-out-search': optOutSearchMigration(dialect),
    '0006-opted-out-numbers-index': optedOutNumbersIndexMigration(dialect),
    '0007-channels-and-proven-numbers': channelsAndProvenNumbersMigration(dialect),
    '0008-removed-users': removedUsersMigration(dialect),
    '0009-webhooks': webhooksMigration(dialect),
    '0010-calls-and-notice': callsAndNoticeMigration(dialect),
    '0011-analytics-indexes': analyticsIndexesMigration(dialect),
    '0012-opt-out-import-jobs': optOutImportJobsMigration(dialect),
  };
}

export function migrationProvider(dialect: Dialect): MigrationProvider {
  return { getMigrations: async () => listMigrations(dialect) };
}
