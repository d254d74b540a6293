/**
 * The targets of issues #14 and #16 (insights), printed by `npm run bench` beside what was measured.
 * Ratios are of the real server's figure over bare Fastify's in the same run.
 */
import type { BenchDialect } from './lib/database.js';

export interface Target {
  /** As printed, e.g. "≥ 12% of bare". */
  text: string;
  met(value: number): boolean;
}

const atLeast = (limit: number, text: string): Target => ({ text, met: (value) => value >= limit });
const atMost = (limit: number, text: string): Target => ({ text, met: (value) => value <= limit });

export const TARGETS: Record<BenchDialect, Record<string, Target>> = {
  sqlite: {
    inboundRatio: atLeast(0.12, '≥ 12% of bare'),
    inboundP99: atMost(30, '≤ 30 ms'),
    refusedRatio: atLeast(0.45, '≥ 45% of bare'),
    bulk: atLeast(200_000, '≥ 200,000'),
    searchP95: atMost(50, 'p95 ≤ 50 ms'),
    analyticsP95: atMost(200, 'p95 ≤ 200 ms (#16)'),
    dispatch: atLeast(2_000, '≥ 2,000/s'),
    import: atMost(30, '≤ 30 s'),
  },
  postgres: {
    inboundRatio: atLeast(0.04, '≥ 4% of bare'),
    inboundP99: atMost(60, '≤ 60 ms'),
    refusedRatio: atLeast(0.25, '≥ 25% of bare'),
    bulk: atLeast(200_000, '≥ 200,000'),
    searchP95: atMost(50, 'p95 ≤ 50 ms'),
    analyticsP95: atMost(200, 'p95 ≤ 200 ms (#16)'),
    dispatch: atLeast(1_000, '≥ 1,000/s'),
    import: atMost(60, '≤ 60 s'),
  },
};

/** "≥ 12% of bare: met", or "…: not measured" when the phase did not run. */
export function verdict(dialect: BenchDialect, name: keyof (typeof TARGETS)['sqlite'], value: number | null): string {
  const target = TARGETS[dialect][name]!;
  if (value === null || Number.isNaN(value)) return `${target.text}: not measured`;
  return `${target.text}: ${target.met(value) ? 'met' : '**missed**'}`;
}
