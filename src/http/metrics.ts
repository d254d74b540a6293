/**
 * GET /metrics in Prometheus's text format (prom-client), and the counters
 * behind AppMetrics. Each runtime has its own registry, so several apps in
 * one process (tests) do not mix their figures.
 */
import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { AppDeps } from '../app/context.js';
import type { AppMetrics } from '../app/metrics.js';
import { isAppError } from '../domain/errors.js';
import { readBacklog, type PoolStats } from '../app/backlog.js';
import { errorBody } from './errors.js';
import { timingSafeEqual } from 'node:crypto';

export interface PrometheusMetrics {
  registry: Registry;
  app: AppMetrics;
  httpDuration: Histogram<'method' | 'route' | 'status'>;
}

export interface MetricSources {
  deps: Pick<AppDeps, 'db' | 'clock'>;
  poolStats: () => PoolStats | null;
}

/** The registry and its counters; gauges that read the database are filled at each scrape. */
export function createPrometheusMetrics(): PrometheusMetrics & { watch(sources: MetricSources): void } {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const consentChanges = new Counter({ name: 'optout_consent_changes_total', help: 'Consent changes committed, by type (opted_out, opted_in) and source (keyword, phrase, manual, api, import, provider, …).', labelNames: ['type', 'source'] as const, registers: [registry] });
  const sendsRefused = new Counter({ name: 'optout_sends_refused_total', help: 'Texts, calls and enrollments refused because the number is opted out or held for review: at the request (409) or by the dispatcher\'s last check.', labelNames: ['stage'] as const, registers: [registry] });
  const webhookDeliveries = new Counter({ name: 'optout_webhook_deliveries_total', help: 'Webhook delivery attempts by outcome: succeeded, retried (failed, will try again), failed (gave up after 24 hours).', labelNames: ['outcome'] as const, registers: [registry] });
  const batchSize = new Histogram({ name: 'optout_group_commit_batch_size', help: 'Transactions carried by one group commit.', buckets: [1, 2, 4, 8, 16, 32, 48], registers: [registry] });
  const httpDuration = new Histogram({
    name: 'optout_http_request_duration_seconds',
    help: 'HTTP request duration by method, route (the pattern, not the URL) and status.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  for (const outcome of ['succeeded', 'retried', 'failed']) webhookDeliveries.inc({ outcome }, 0);
  for (const stage of ['request', 'dispatch']) sendsRefused.inc({ stage }, 0);

  const app: AppMetrics = {
    consentChanged: (type, source) => consentChanges.inc({ type, source }),
    sendRefused: (stage) => sendsRefused.inc({ stage }),
    webhookAttempt: (outcome) => webhookDeliveries.inc({ outcome }),
    groupCommitBatch: (size) => batchSize.observe(size),
  };

  return {
    registry,
    app,
    httpDuration,
    watch({ deps, poolStats }) {
      // One collect fills the database gauges together: two small queries per scrape, not one per gauge.
      let refreshing: Promise<void> | null = null;
      const collect = () => refresh();
      const queueDepth = new Gauge({ name: 'optout_dispatch_queue_depth', help: 'Texts and calls due now and not yet handed to a provider (all instances).', registers: [registry], collect });
      const oldestDue = new Gauge({ name: 'optout_dispatch_oldest_due_seconds', help: 'How long the longest-waiting due text or call has been due; 0 when none.', registers: [registry], collect });
      const webhookPending = new Gauge({ name: 'optout_webhook_pending', help: 'Webhook deliveries not yet made (all instances).', registers: [registry], collect });
      const webhookOldest = new Gauge({ name: 'optout_webhook_oldest_pending_seconds', help: 'Age of the oldest event whose webhook is not yet delivered; 0 when none.', registers: [registry], collect });
      const pool = new Gauge({ name: 'optout_db_pool_connections', help: 'PostgreSQL pool connections of this instance: total, idle, and requests waiting for one.', labelNames: ['state'] as const, registers: [registry], collect });
      const refresh = (): Promise<void> =>
        (refreshing ??= (async () => {
          const { at: now, outreach, webhooks } = await readBacklog(deps);
          const age = (at: string | null) => (at === null ? 0 : Math.max(0, (now.getTime() - Date.parse(at)) / 1000));
          queueDepth.set(outreach.depth);
          oldestDue.set(age(outreach.oldestDueAt));
          webhookPending.set(webhooks.depth);
          webhookOldest.set(age(webhooks.oldestDueAt));
          const stats = poolStats();
          if (stats) for (const [state, value] of Object.entries(stats)) pool.set({ state }, value);
        })().finally(() => (refreshing = null)));
    },
  };
}

/** Times every request by route pattern, counts refusals by the send gate, and serves GET /metrics. */
export function registerMetrics(app: FastifyInstance, deps: Pick<AppDeps, 'metrics'>, metrics: PrometheusMetrics, token: string | null): void {
  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.httpDuration.observe({ method: request.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
    done();
  });
  app.addHook('onError', (_request, _reply, error, done) => {
    if (isAppError(error) && error.code === 'contact_opted_out') deps.metrics.sendRefused('request');
    done();
  });
  app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
    if (token !== null && !bearerMatches(request.headers.authorization, token)) {
      return reply.status(401).header('www-authenticate', 'Bearer').send(errorBody('unauthorized', 'Send Authorization: Bearer <METRICS_TOKEN>.'));
    }
    return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
}

function bearerMatches(header: string | undefined, token: string): boolean {
  const given = Buffer.from(header?.startsWith('Bearer ') ? header.slice(7) : '', 'utf8');
  const expected = Buffer.from(token, 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
