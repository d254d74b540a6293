/** The Markdown tables `npm run bench` prints: every figure beside its baseline and its #14 target. */
import type { BenchDialect } from './lib/database.js';
import type { Throughput } from './lib/http.js';
import type { Rss } from './lib/processes.js';
import type { BulkThroughput } from './phases/bulk.js';
import type { Pair } from './phases/inbound.js';
import type { AnalyticsResult } from './phases/analytics.js';
import type { SearchResult } from './phases/search.js';
import type { ImportResult } from './phases/import.js';
import type { DispatchResult } from './phases/dispatch.js';
import { verdict } from './targets.js';

export interface DialectResult {
  dialect: BenchDialect;
  seedSeconds: number;
  dbSizeMb: number;
  inbound: Pair | null;
  gateRefused: Pair | null;
  gateAllowed: Pair | null;
  bulk: { real: BulkThroughput; bare: BulkThroughput } | null;
  search: SearchResult;
  /** 6. Opt-out insights, after seeding a year of outreach. */
  analytics: AnalyticsResult | null;
  import: ImportResult | null;
  dispatch: DispatchResult | null;
  peakRssMb: { real: Rss; bare: Rss };
  /** Variants measured side by side (--variant), round by round. */
  ab: { variant: string; round: number; inbound: Pair | null; refused: Pair | null }[];
  ledgerOk: boolean;
  checks: string[];
}

export function label(dialect: string): string {
  return dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL';
}

function ratio(value: number, base: number): string {
  return base > 0 ? `${Math.round((value / base) * 100)}%` : '–';
}

function ms(value: number): string {
  return value >= 10 ? value.toFixed(0) : value.toFixed(1);
}

function thousands(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

const NONE = ['–', '–', ''];

function pairCells(pair: Pair | null): [string, string, string] {
  return pair ? [thousands(pair.real.rps), thousands(pair.bare.rps), ratio(pair.real.rps, pair.bare.rps)] : (NONE as [string, string, string]);
}

function latencyCells(t: { real: Throughput; bare: Throughput } | null): [string, string, string] {
  return t ? [`${ms(t.real.p50)} / ${ms(t.real.p99)}`, `${ms(t.bare.p50)} / ${ms(t.bare.p99)}`, ''] : (NONE as [string, string, string]);
}

const share = (pair: Pair | null) => (pair && pair.bare.rps > 0 ? pair.real.rps / pair.bare.rps : null);

export function report(results: DialectResult[]): string {
  const header = ['Measure', ...results.flatMap((r) => [label(r.dialect), 'bare', 'ratio', 'target (#14)'])];
  const rows: string[][] = [];
  const add = (measure: string, cell: (r: DialectResult) => [string, string, string, string]) => rows.push([measure, ...results.flatMap(cell)]);
  add('1. Inbound STOP req/s (20 conns)', (r) => [...pairCells(r.inbound), verdict(r.dialect, 'inboundRatio', share(r.inbound))]);
  add('1. Inbound STOP: server CPU µs a STOP', (r) => [r.inbound ? cpu(r.inbound) : '–', '', '', '']);
  add('1. Inbound STOP p50 / p99 ms', (r) => [...latencyCells(r.inbound), verdict(r.dialect, 'inboundP99', r.inbound?.real.p99 ?? null)]);
  add('2. Gate, opted out (409) req/s', (r) => [...pairCells(r.gateRefused), verdict(r.dialect, 'refusedRatio', share(r.gateRefused))]);
  add('2. Gate, opted out p50 / p99 ms', (r) => [...latencyCells(r.gateRefused), '']);
  add('2. Gate, opted out: server CPU µs a refusal', (r) => [r.gateRefused ? cpu(r.gateRefused) : '–', '', '', '']);
  add('2. Gate, allowed (201, queued) req/s', (r) => [...pairCells(r.gateAllowed), '']);
  add('2. Gate, allowed p50 / p99 ms', (r) => [...latencyCells(r.gateAllowed), '']);
  add('3. Bulk check numbers/s (10,000 a request)', (r) =>
    r.bulk
      ? [thousands(r.bulk.real.numbersPerSecond), thousands(r.bulk.bare.numbersPerSecond), ratio(r.bulk.real.numbersPerSecond, r.bulk.bare.numbersPerSecond), verdict(r.dialect, 'bulk', r.bulk.real.numbersPerSecond)]
      : ['–', '–', '', verdict(r.dialect, 'bulk', null)],
  );
  const categories = [...new Set(results.flatMap((r) => Object.keys(r.search)))];
  for (const category of categories) {
    add(`4. Search "${category}" p50 / p95 ms`, (r) => {
      const s = r.search[category];
      if (!s) return ['–', '–', '', verdict(r.dialect, 'searchP95', null)];
      return [`${ms(s.real.p50)} / ${ms(s.real.p95)}`, `${ms(s.bare.p50)} / ${ms(s.bare.p95)}`, '', verdict(r.dialect, 'searchP95', s.real.p95)];
    });
  }
  if (categories.length === 0) add('4. Search p95 ms', (r) => ['–', '–', '', verdict(r.dialect, 'searchP95', null)]);
  const insights = [...new Set(results.flatMap((r) => r.analytics?.latencies.map((l) => l.name) ?? []))];
  for (const name of insights) {
    add(`6. Insights "${name}" p50 / p95 ms`, (r) => {
      const l = r.analytics?.latencies.find((x) => x.name === name);
      return l ? [`${ms(l.p50)} / ${ms(l.p95)}`, '', '', verdict(r.dialect, 'analyticsP95', l.p95)] : ['–', '', '', verdict(r.dialect, 'analyticsP95', null)];
    });
  }
  if (insights.length === 0) add('6. Insights p95 ms', (r) => ['–', '', '', verdict(r.dialect, 'analyticsP95', null)]);
  add('8. Dispatch: queued texts drained, sends/s (texts)', (r) => [r.dispatch ? `${thousands(r.dispatch.sendsPerSecond)} (${thousands(r.dispatch.texts)})` : '–', '', '', verdict(r.dialect, 'dispatch', r.dispatch && r.dispatch.texts >= 20_000 ? r.dispatch.sendsPerSecond : null)]);
  add('7. Import: opt-out CSV as a job, s (rows)', (r) => [r.import ? `${r.import.seconds.toFixed(1)} (${thousands(r.import.rows)})` : '–', '', '', verdict(r.dialect, 'import', r.import && r.import.rows >= 1_000_000 ? r.import.seconds : null)]);
  add('7. Import: memory growth MB / slowest /healthz ms', (r) => [r.import ? `${thousands(r.import.rssGrowthMb)} / ${thousands(r.import.slowestHealthzMs)}` : '–', '', '', r.import ? `≤ 200 MB: ${r.import.rssGrowthMb <= 200 ? 'met' : '**missed**'}` : '']);
  add('5. Peak RSS MB (1–4)', (r) => [thousands(r.peakRssMb.real.peak), thousands(r.peakRssMb.bare.peak), '', '']);
  add('5. RSS at the end: anonymous / mapped files MB', (r) => [`${thousands(r.peakRssMb.real.anon)} / ${thousands(r.peakRssMb.real.file)}`, `${thousands(r.peakRssMb.bare.anon)} / ${thousands(r.peakRssMb.bare.file)}`, '', '']);
  const out = [table(header, rows)];
  for (const r of results.filter((result) => result.ab.length > 0)) {
    out.push('', `Variants side by side, ${label(r.dialect)} (each round: bare Fastify, then the variant, on the same database):`, '');
    out.push(
      table(
        ['Variant', 'Round', 'STOP req/s', 'bare', 'ratio', 'STOP p50 / p99 ms', 'server CPU µs / STOP', '409 req/s', 'bare', 'ratio', '409 p50 / p99 ms', 'server CPU µs / 409'],
        r.ab.map((row) => [row.variant, String(row.round), ...pairCells(row.inbound), latencyCells(row.inbound)[0], cpu(row.inbound), ...pairCells(row.refused), latencyCells(row.refused)[0], cpu(row.refused)]),
      ),
    );
  }
  return out.join('\n');
}

function cpu(pair: Pair | null): string {
  return pair?.real.cpuUs === undefined ? '–' : thousands(pair.real.cpuUs);
}

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
