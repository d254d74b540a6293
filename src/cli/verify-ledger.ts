import { loadConfig } from '../config.js';
import { verifyOrganizationLedger } from '../app/ledger/ledger.js';
import { openStorage, storageTargetFromUrl } from '../storage/database.js';
import { listOrganizationIdsWithEvents } from '../storage/repositories/consent-ledger.repository.js';

/**
 * npm run verify-ledger: walks every organization's consent hash chain and
 * names the first broken event. Exit status 0 when every chain holds, 1 when
 * one does not, 2 when it could not run.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const storage = openStorage(storageTargetFromUrl(config.databaseUrl));
  try {
    let broken = 0;
    let events = 0;
    const organizations = await listOrganizationIdsWithEvents(storage.db);
    for (const organizationId of organizations) {
      const result = await verifyOrganizationLedger(storage.db, organizationId);
      events += result.checked;
      if (!result.ok) {
        broken += 1;
        process.stdout.write(`BROKEN  organization ${organizationId}: first broken event ${result.firstBrokenEventId ?? '(events missing at the end of the chain)'} after ${result.checked} checked\n`);
      }
    }
    process.stdout.write(`${broken === 0 ? 'OK' : 'FAILED'}: ${organizations.length} organizations, ${events} consent events checked, ${broken} broken chains.\n`);
    process.exitCode = broken === 0 ? 0 : 1;
  } finally {
    await storage.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`Could not verify the ledger: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
});
