import { parse } from 'csv-parse/sync';
import { AppError } from '../../domain/errors.js';
import { tryNormalizePhone } from '../../domain/phone.js';
import { searchOptOuts } from '../../storage/repositories/opt-out-search.repository.js';
import { writeCsvRows } from '../csv/csv-writer.js';
import { recordOptOut } from '../consent/record-consent-change.js';
import type { AppDeps, Principal } from '../context.js';
import { loadOrganization } from '../organization.js';

export const CSV_COLUMNS = ['phone', 'name', 'email', 'opted_out_at', 'source', 'keyword', 'reason'] as const;
export const MAX_IMPORT_ROWS = 100_000;
const PHONE_HEADERS = ['phone', 'phone_number', 'phonenumber', 'number', 'mobile', 'e164'];
const REASON_HEADERS = ['reason', 'note', 'notes'];
const IMPORT_BATCH = 500;

/** Yields the opt-out list as CSV text, a page at a time, newest first. */
export async function* exportOptOutsCsv(deps: AppDeps, principal: Principal): AsyncGenerator<string> {
  yield writeCsvRows([CSV_COLUMNS]);
  let cursor: string | null = null;
  do {
    const page = await searchOptOuts(deps.db, { organizationId: principal.organizationId, text: null, digits: null, limit: 1000, cursor });
    yield writeCsvRows(
      page.items.map(({ consent, contact }) => [
        consent.phone,
        contact?.name ?? '',
        contact?.email ?? '',
        consent.changed_at ?? '',
        consent.source ?? '',
        consent.keyword ?? '',
        consent.reason ?? '',
      ]),
    );
    cursor = page.nextCursor;
  } while (cursor !== null);
}

export interface ImportRowError {
  row: number;
  value: string;
  error: string;
}

export interface ImportResult {
  imported: number;
  skipped: number;
  errors: ImportRowError[];
}

/**
 * Adds the numbers in a CSV to the opt-out list (source "import"). Rows
 * with a bad number are skipped with an error naming the row; numbers
 * already opted out, or repeated in the file, are skipped. It never opts
 * anyone back in.
 */
export async function importOptOutsCsv(deps: AppDeps, principal: Principal, csv: string): Promise<ImportResult> {
  const { organization } = await loadOrganization(deps.db, principal.organizationId);
  const { header, rows } = parseCsv(csv);
  const phoneColumn = header.findIndex((name) => PHONE_HEADERS.includes(name));
  const reasonColumn = header.findIndex((name) => REASON_HEADERS.includes(name));
  if (phoneColumn < 0) {
    throw new AppError('invalid_request', `The CSV needs a header row with a "phone" column; found: ${header.join(', ') || 'nothing'}.`, { field: 'phone' });
  }
  if (rows.length > MAX_IMPORT_ROWS) throw new AppError('invalid_request', `Import at most ${MAX_IMPORT_ROWS} rows at a time.`);

  const result: ImportResult = { imported: 0, skipped: 0, errors: [] };
  const seen = new Set<string>();
  const pending: { phone: string; reason: string | null }[] = [];
  rows.forEach((row, index) => {
    const rowNumber = index + 2; // 1-based, after the header
    // A leading apostrophe is how spreadsheets (and our own export) mark a cell as text; the number is what follows.
    const value = (row[phoneColumn] ?? '').trim().replace(/^'/, '');
    const phone = value ? tryNormalizePhone(value, organization.default_country) : null;
    if (phone === null) {
      result.skipped += 1;
      result.errors.push({ row: rowNumber, value: value.slice(0, 60), error: value ? 'not a valid phone number' : 'no phone number' });
      return;
    }
    if (seen.has(phone)) {
      result.skipped += 1;
      return;
    }
    seen.add(phone);
    const reason = reasonColumn >= 0 ? (row[reasonColumn] ?? '').trim().slice(0, 500) || null : null;
    pending.push({ phone, reason });
  });

  for (let i = 0; i < pending.length; i += IMPORT_BATCH) {
    const batch = pending.slice(i, i + IMPORT_BATCH);
    const changed = await deps.transact(async (trx) => {
      let count = 0;
      for (const { phone, reason } of batch) {
        const outcome = await recordOptOut(trx, deps, {
          organizationId: principal.organizationId,
          phone,
          source: 'import',
          reason: reason ?? 'Imported opt-out list',
          actorUserId: principal.userId,
        });
        if (outcome.changed) count += 1;
      }
      return count;
    });
    result.imported += changed;
    result.skipped += batch.length - changed;
  }
  return result;
}

function parseCsv(csv: string): { header: string[]; rows: string[][] } {
  let records: string[][];
  try {
    records = parse(csv, { bom: true, skip_empty_lines: true, relax_column_count: true, trim: true });
  } catch (error) {
    throw new AppError('invalid_request', `The CSV could not be read: ${error instanceof Error ? error.message : 'malformed'}.`);
  }
  const [first, ...rest] = records;
  if (!first) throw new AppError('invalid_request', 'The CSV is empty; it needs a header row with a "phone" column.');
  return { header: first.map((name) => name.trim().toLowerCase().replace(/[\s-]+/g, '_')), rows: rest };
}
