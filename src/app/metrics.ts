/**
 * What the use cases count for operators. The use cases see only this
 * interface; the Prometheus registry behind it lives at the edge
 * (src/http/metrics.ts), so tests and tools can run without one.
 */
export interface AppMetrics {
  /** A consent change committed (counted with its batch, just before COMMIT). */
  consentChanged(type: 'opted_out' | 'opted_in', source: string): void;
  /** A new text, call or enrollment refused because the number is opted out or held for review. */
  sendRefused(stage: 'request' | 'dispatch'): void;
  /** One webhook attempt's outcome. */
  webhookAttempt(outcome: 'succeeded' | 'retried' | 'failed'): void;
  /** How many transactions one group commit carried. */
  groupCommitBatch(size: number): void;
}

export const NO_METRICS: AppMetrics = {
  consentChanged: () => undefined,
  sendRefused: () => undefined,
  webhookAttempt: () => undefined,
  groupCommitBatch: () => undefined,
};
