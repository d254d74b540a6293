import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  /** The raw body, exactly as it arrived. */
  body: string;
  json: any;
  at: number;
  /** The status this receiver answered with. */
  answered: number;
}

/** A receiver of webhooks on loopback: records every request; `answers` are used in order, then 200 for good. */
export interface WebhookReceiver {
  url: string;
  port: number;
  received: ReceivedWebhook[];
  answers: number[];
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedWebhook[]>;
  close(): Promise<void>;
}

export async function startWebhookReceiver(port = 0): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const answers: number[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const answered = answers.shift() ?? 200;
      let json: unknown = null;
      try {
        json = JSON.parse(body);
      } catch {
        // recorded as text
      }
      received.push({ headers: request.headers, body, json, at: Date.now(), answered });
      response.statusCode = answered;
      response.end(answered < 300 ? 'ok' : 'not now');
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${actualPort}/hooks`,
    port: actualPort,
    received,
    answers,
    async waitFor(count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} webhooks, received ${received.length}: ${received.map((r) => r.json?.type).join(', ')}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      return received;
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/**
 * Verifies a delivery as the README tells receivers to, written here
 * independently of the server's code: HMAC-SHA256 over "<t>.<raw body>"
 * keyed with the secret, compared in constant time.
 */
export function verifyWebhookSignature(secret: string, header: string | string[] | undefined, rawBody: string): { ok: boolean; timestamp: number } {
  if (typeof header !== 'string') return { ok: false, timestamp: 0 };
  const parts = Object.fromEntries(header.split(',').map((part) => part.split('=', 2) as [string, string]));
  const timestamp = Number(parts.t);
  if (!parts.v1 || !Number.isInteger(timestamp)) return { ok: false, timestamp: 0 };
  const expected = createHmac('sha256', secret).update(`${parts.t}.${rawBody}`).digest();
  const given = Buffer.from(parts.v1, 'hex');
  return { ok: given.length === expected.length && timingSafeEqual(given, expected), timestamp };
}
