import type { Dataset } from '../dataset.js';
import type { BenchDatabase } from '../lib/database.js';
import type { Proc } from '../lib/processes.js';

/** What every phase gets: the seeded organization, its numbers, the baseline and how long to measure. */
export interface PhaseContext {
  db: BenchDatabase;
  bare: Proc;
  organizationId: string;
  auth: Record<string, string>;
  data: Dataset;
  /** Numbers not opted out, in a fixed random order; the STOP storm takes them from the front. */
  allowed: string[];
  optedOut: string[];
  /** The gate's numbers: one opted out (409), one kept out of the STOP storm (201). */
  refusedTo: string;
  allowedTo: string;
  duration: number;
  warmup: number;
  connections: number;
  /** Wrong answers seen (the run fails with them). */
  checks: string[];
}
