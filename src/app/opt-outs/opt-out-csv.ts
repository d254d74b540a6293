import { Readable } from 'node:stream';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { CsvError, parse } from 'csv-parse';
import { AppError } from '../../domain/errors.js';
import { tryNormalizePhone } from '../../domain/phone.js';
import { searchOptOuts } from '../../storage/repositories/opt-out-search.repository.js';
import { writeCsvRows } from '../csv/csv-writer.js';
import { recordOptOut } from '../consent/record-consent-change.js';
import { channelOf, type AppDeps, type Principal } from '../context.js';
import { loadOrganization } from '../organization.js';

export const CSV_COLUMNS = ['phone', 'name', 'email', 'opted_out_at', 'source', 'keyword', 'reason'] as const;
export const MAX_IMPORT_ROWS = 100_000;
const PHONE_HEADERS = ['phone', 'phone_number', 'phonenumber', 'number', 'mobile', 'e164'];
const REASON_HEADERS = ['reason', 'note', 'notes'];
/** Longest record read, in characters: an opt-out row is a number and a reason, a CRM export a few dozen columns. */
export const MAX_IMPORT_RECORD_CHARS = 64 * 1024;
/** Rows written per transaction; a batch is the longest the import holds the database (and, on SQLite, the event loop). */
const IMPORT_BATCH = 200;
export const MAX_LISTED_ERRORS = 100;
const YIELD_AFTER_MS = 5;
// About 2,000 one-character rows: what one parse step may cost before the loop is handed back.
const PARSE_SLICE_BYTES = 4 * 1024;

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
  /** The first MAX_LISTED_ERRORS bad rows; `skipped` counts them all. */
  errors: ImportRowError[];
}

export interface ImportLimits {
  /** Bytes of CSV read before the import is refused as too large. */
  maxBytes: number;
}

/**
 * Adds the numbers in a CSV to the opt-out list (source "import"). Rows
 * with a bad number are skipped with an error naming the row; numbers
 * already opted out, or repeated in the file, are skipped. It never opts
 * anyone back in.
 *
 * The CSV is read as a stream and refused at its first row over
 * MAX_IMPORT_ROWS, its first record over MAX_IMPORT_RECORD_CHARS or its
 * first byte over `maxBytes`, before anything is written; a hostile body
 * costs a bounded amount of work and memory, and the reading gives the
 * event loop back every few milliseconds so the server keeps answering.
 * No error repeats more than a few dozen characters of the input.
 */
export async function importOptOutsCsv(deps: AppDeps, principal: Principal, csv: string | Readable, limits: ImportLimits = { maxBytes: Number.POSITIVE_INFINITY }): Promise<ImportResult> {
  const { organization } = await loadOrganization(deps.db, principal.organizationId);
  // First read the whole file (cheap per row) so that one over the limit is refused before the costlier
  // number parsing starts; then read each number.
  const rows: { row: number; value: string; reason: string | null }[] = [];
  let rowNumber = 0; // 1-based, the header being row 1
  let columns: ImportColumns | null = null;
  for await (const { record } of readCsvRecords(csv, limits.maxBytes)) {
    rowNumber += 1;
    if (columns === null) {
      columns = readImportHeader(record);
      continue;
    }
    if (rowNumber - 1 > MAX_IMPORT_ROWS) throw new AppError('invalid_request', `Import at most ${MAX_IMPORT_ROWS} rows at a time; row ${rowNumber} is one more.`);
    rows.push({ row: rowNumber, ...readImportRow(record, columns) });
  }
  if (rowNumber === 0) throw new AppError('invalid_request', 'The CSV is empty; it needs a header row with a "phone" column.');

  const result: ImportResult = { imported: 0, skipped: 0, errors: [] };
  const seen = new Set<string>();
  const pending: { phone: string; reason: string | null }[] = [];
  const breathe = breather();
  for (const { row, value, reason } of rows) {
    await breathe();
    const phone = value ? tryNormalizePhone(value, organization.default_country) : null;
    if (phone === null) {
      result.skipped += 1;
      if (result.errors.length < MAX_LISTED_ERRORS) result.errors.push({ row, value: value.slice(0, 60), error: rowError(value) });
      continue;
    }
    if (seen.has(phone)) {
      result.skipped += 1;
      continue;
    }
    seen.add(phone);
    pending.push({ phone, reason });
  }

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
          channel: channelOf(principal),
        });
        if (outcome.changed) count += 1;
      }
      return count;
    });
    result.imported += changed;
    result.skipped += batch.length - changed;
    // Between batches, let waiting requests in (SQLite's driver runs each batch without yielding).
    await yieldToEventLoop();
  }
  return result;
}

export interface ImportColumns {
  phone: number;
  reason: number;
}

/** Where the number and the reason are, from the header row; a header without a phone column is refused. */
export function readImportHeader(record: string[]): ImportColumns {
  const header = record.map((name) => name.trim().toLowerCase().replace(/[\s-]+/g, '_'));
  const phone = header.findIndex((name) => PHONE_HEADERS.includes(name));
  const reason = header.findIndex((name) => REASON_HEADERS.includes(name));
  if (phone < 0) {
    throw new AppError('invalid_request', `The CSV needs a header row with a "phone" column; found: ${describeHeader(header)}.`, { field: 'phone' });
  }
  return { phone, reason };
}

/** The number as written (at most 64 characters) and the reason of one data row. */
export function readImportRow(record: string[], columns: ImportColumns): { value: string; reason: string | null } {
  // A leading apostrophe is how spreadsheets (and our own export) mark a cell as text; the number is what follows.
  const value = (record[columns.phone] ?? '').trim().replace(/^'/, '').slice(0, 64);
  // PostgreSQL cannot store U+0000 in text; a streamed body is not checked for it at the edge.
  const reason = columns.reason >= 0 ? (record[columns.reason] ?? '').replaceAll('\u0000', '').trim().slice(0, 500) || null : null;
  return { value, reason };
}

/** Why a row's number was not imported, or null when it was a number. */
export function rowError(value: string): string {
  return value ? 'not a valid phone number' : 'no phone number';
}

/**
 * The records of a CSV, parsed as its bytes arrive, each with the line it ends on. Stops reading at the
 * first problem; the caller stopping early (a row over the limit) stops it
 * too. Parse errors are described by kind and line only, never by the text.
 */
export async function* readCsvRecords(csv: string | Readable, maxBytes: number): AsyncGenerator<{ record: string[]; line: number }> {
  const parser = parse({ info: true, bom: true, skip_empty_lines: true, relax_column_count: true, trim: true, max_record_size: MAX_IMPORT_RECORD_CHARS });
  const source = typeof csv === 'string' ? Readable.from([csv]) : csv;
  let bytes = 0;
  const onData = (chunk: Buffer | string) => {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    bytes += buffer.length;
    if (bytes > maxBytes) {
      source.off('data', onData);
      parser.destroy(new AppError('payload_too_large', `Import at most ${Math.floor(maxBytes / (1024 * 1024))} MB at a time.`));
      return;
    }
    // One chunk may be the whole body (an in-process request, a proxy that buffers): the parser takes it in
    // slices, one parsed per read, so no single step parses more than a slice.
    for (let offset = 0; offset < buffer.length; offset += PARSE_SLICE_BYTES) parser.write(buffer.subarray(offset, offset + PARSE_SLICE_BYTES));
    if (parser.writableNeedDrain) {
      source.pause();
      parser.once('drain', () => source.resume());
    }
  };
  const onEnd = () => parser.end();
  const onError = (error: Error) => parser.destroy(error);
  source.on('data', onData);
  source.once('end', onEnd);
  source.once('error', onError);

  // Parsed records arrive without a pause in between: hand the loop back every few milliseconds.
  const breathe = breather();
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      yield { record, line: info.lines };
      await breathe();
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('invalid_request', `The CSV could not be read: ${describeCsvError(error)}.`);
  } finally {
    source.off('data', onData);
    source.off('end', onEnd);
    source.off('error', onError);
    // A client that goes away after the answer must not become an unhandled 'error' event.
    source.on('error', () => {});
    parser.destroy();
    // Whatever the client still sends is read and dropped, so the answer reaches it.
    if (!source.readableEnded) source.resume();
  }
}

/** A function to await in a long loop: it hands the event loop back (setImmediate) once YIELD_AFTER_MS have passed since it last did. */
export function breather(): () => Promise<void> {
  let last = performance.now();
  return async () => {
    if (performance.now() - last < YIELD_AFTER_MS) return;
    await yieldToEventLoop();
    last = performance.now();
  };
}

function describeCsvError(error: unknown): string {
  if (!(error instanceof CsvError)) return 'malformed';
  const line = typeof (error as { lines?: unknown }).lines === 'number' ? ` at line ${(error as unknown as { lines: number }).lines}` : '';
  switch (String(error.code)) {
    case 'CSV_MAX_RECORD_SIZE':
      return `a record is longer than ${MAX_IMPORT_RECORD_CHARS} characters${line}`;
    case 'CSV_QUOTE_NOT_CLOSED':
      return `a quoted field is never closed${line}`;
    case 'CSV_INVALID_OPENING_QUOTE':
    case 'CSV_INVALID_CLOSING_QUOTE':
      return `a quote is out of place${line}`;
    default:
      return `malformed${line}`;
  }
}

/** The header as read, shortened: at most a few columns of a few characters each, and how many there were. */
function describeHeader(header: string[]): string {
  if (header.length === 0 || header.every((name) => !name)) return 'nothing';
  const shown = header.slice(0, 10).map((name) => (name.length > 40 ? `${name.slice(0, 40)}…` : name));
  return header.length > shown.length ? `${shown.join(', ')} … (${header.length} columns)` : shown.join(', ');
}
