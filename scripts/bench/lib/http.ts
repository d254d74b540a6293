/** Requests to the servers under test, and the two ways of measuring them: autocannon's load and one request at a time. */
import http from 'node:http';
import autocannon, { type Result } from 'autocannon';
import { cpuSeconds } from './processes.js';
import { percentile } from './util.js';

export const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });

export async function request(url: string, method: string, path: string, headers: Record<string, string>, body?: string): Promise<{ status: number; body: string }> {
  try {
    return await requestOnce(url, method, path, headers, body);
  } catch (error) {
    // A kept-alive socket the server closed while we were busy (seeding): once more on a fresh one.
    if ((error as NodeJS.ErrnoException).code !== 'EPIPE' && (error as NodeJS.ErrnoException).code !== 'ECONNRESET') throw error;
    return requestOnce(url, method, path, headers, body);
  }
}

function requestOnce(url: string, method: string, path: string, headers: Record<string, string>, body?: string): Promise<{ status: number; body: string }> {
  return new Promise((done, fail) => {
    const req = http.request(`${url}${path}`, { method, headers: { ...headers, ...(body ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } : {}) }, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', fail);
    });
    req.on('error', fail);
    req.end(body);
  });
}

export async function json<T>(url: string, method: string, path: string, headers: Record<string, string>, body?: unknown): Promise<T> {
  const res = await request(url, method, path, headers, body === undefined ? undefined : JSON.stringify(body));
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${res.body.slice(0, 300)}`);
  return JSON.parse(res.body) as T;
}

export interface Throughput {
  rps: number;
  p50: number;
  p99: number;
  statuses: Record<string, number>;
  errors: number;
  /**
   * CPU time the server process used per answered request, in µs (when measured): unlike the rate, it
   * barely depends on what else the machine is running, so it compares variants on a busy machine.
   */
  cpuUs?: number;
}

export const EMPTY: Throughput = { rps: 0, p50: 0, p99: 0, statuses: {}, errors: 0 };

export interface Load {
  path: string;
  connections: number;
  headers: Record<string, string>;
  body: () => string;
}

export async function cannon(url: string, options: Load & { duration: number; pid?: number }): Promise<Throughput> {
  const cpuBefore = options.pid === undefined ? 0 : cpuSeconds(options.pid);
  const result: Result = await autocannon({
    url,
    connections: options.connections,
    duration: options.duration,
    timeout: 30,
    requests: [
      {
        method: 'POST',
        path: options.path,
        headers: { ...options.headers, 'content-type': 'application/json' },
        setupRequest: (req) => ({ ...req, body: options.body() }),
      },
    ],
  });
  const statuses: Record<string, number> = {};
  for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) statuses[code] = Number(stat.count);
  const completed = Object.values(statuses).reduce((a, b) => a + b, 0);
  const cpuUs = options.pid === undefined || completed === 0 ? undefined : ((cpuSeconds(options.pid) - cpuBefore) * 1e6) / completed;
  return { rps: completed / result.duration, p50: result.latency.p50, p99: result.latency.p99, statuses, errors: result.errors + result.timeouts, cpuUs };
}

export interface Latencies {
  p50: number;
  p95: number;
  results: number[];
}

export async function latencies(url: string, paths: string[], headers: Record<string, string>, rounds: number): Promise<Latencies> {
  const times: number[] = [];
  const results: number[] = [];
  for (const path of paths) await request(url, 'GET', path, headers); // warm
  for (let round = 0; round < rounds; round += 1) {
    for (const path of paths) {
      const started = process.hrtime.bigint();
      const res = await request(url, 'GET', path, headers);
      times.push(Number(process.hrtime.bigint() - started) / 1e6);
      if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${res.body.slice(0, 200)}`);
      if (round === 0) results.push((JSON.parse(res.body) as { items: unknown[] }).items.length);
    }
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95), results };
}
