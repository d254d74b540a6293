import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { createTestApp, signUpOrganization, type Organization, type TestApp } from '../support/test-app.js';

interface Answer {
  status: number;
  body: string;
  ms: number;
}

/** Posts `body` over a real socket in 64 KB writes, as a browser or curl would; the server may answer before it has read it all. */
function postCsv(base: string, apiKey: string, body: Buffer): Promise<Answer> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${base}/api/v1/opt-outs/import`, { method: 'POST', headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'text/csv', 'content-length': body.length } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - started }));
    });
    // Writing on after an early answer may meet a closed socket: that is the server's right, not a failure.
    req.on('error', (error: NodeJS.ErrnoException) => (['EPIPE', 'ECONNRESET'].includes(error.code ?? '') ? undefined : reject(error)));
    let offset = 0;
    const writeMore = (): void => {
      while (offset < body.length) {
        const chunk = body.subarray(offset, offset + 65536);
        offset += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', writeMore);
      }
      req.end();
    };
    writeMore();
  });
}

/** Asks /healthz one request after another until stopped; resolves with the slowest answer in ms. */
function watchHealth(base: string): { stop(): Promise<{ slowest: number; answered: number; failures: string[] }> } {
  let running = true;
  let slowest = 0;
  let answered = 0;
  const failures: string[] = [];
  const loop = (async () => {
    while (running) {
      const started = performance.now();
      try {
        const response = await fetch(`${base}/healthz`);
        await response.text();
        if (response.status !== 200) failures.push(`status ${response.status}`);
      } catch (error) {
        failures.push(String(error));
        return;
      }
      slowest = Math.max(slowest, performance.now() - started);
      answered += 1;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return { slowest, answered, failures };
    },
  };
}

describe.each(DIALECTS)('a hostile CSV import (%s)', (dialect) => {
  let t: TestApp;
  let org: Organization;
  let base: string;
  beforeEach(async () => {
    t = await createTestApp(dialect);
    org = await signUpOrganization(t.app);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  });
  afterEach(() => t.close());

  it('refuses 5 MB of one-character rows at the first row over the limit while /healthz keeps answering within 500 ms', async () => {
    const body = Buffer.from(`phone\n${'1\n'.repeat(2_500_000)}`);
    const health = watchHealth(base);
    const answer = await postCsv(base, org.apiKey, body);
    const { slowest, answered, failures } = await health.stop();
    expect(failures).toEqual([]);

    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body).error.message).toMatch(/at most 100000 rows.*row 100002/);
    expect(answered).toBeGreaterThan(0);
    expect(slowest).toBeLessThan(500);
    console.log(`[hostile import ${dialect}] 5 MB of 1-character rows refused in ${Math.round(answer.ms)} ms; /healthz answered ${answered} times, slowest ${Math.round(slowest)} ms`);
    // Refused before anything was written.
    const consent = await t.runtime.deps.db.selectFrom('phone_consent').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(consent.n)).toBe(0);
  });

  it('refuses a 2 MB header of a million columns without echoing it, and never lists more than a few columns', async () => {
    const body = Buffer.from(`${'a,'.repeat(1_000_000)}phone\n+14155550101\n`);
    const health = watchHealth(base);
    const answer = await postCsv(base, org.apiKey, body);
    const { slowest, failures } = await health.stop();
    expect(failures).toEqual([]);
    expect(answer.status).toBe(400);
    expect(answer.body.length).toBeLessThan(400);
    expect(answer.body).not.toContain('a,a,a');
    expect(JSON.parse(answer.body).error.message).toMatch(/longer than 65536 characters at line 1/);
    expect(slowest).toBeLessThan(500);
    console.log(`[hostile import ${dialect}] 2 MB header of 1M columns refused in ${Math.round(answer.ms)} ms; /healthz slowest ${Math.round(slowest)} ms`);

    const wide = await postCsv(base, org.apiKey, Buffer.from(`${Array.from({ length: 500 }, (_, i) => `column_${'x'.repeat(50)}${i}`).join(',')}\n1\n`));
    expect(wide.status).toBe(400);
    expect(wide.body.length).toBeLessThan(1000);
    expect(JSON.parse(wide.body).error.message).toMatch(/found: .*… \(500 columns\)\.$/);

    const quote = await postCsv(base, org.apiKey, Buffer.from(`phone\n"${'z'.repeat(60_000)}\n`));
    expect(quote.status).toBe(400);
    expect(quote.body).not.toContain('zzzzzzzzzz');

    // The server answered all of that and still imports an ordinary file.
    const ordinary = await postCsv(base, org.apiKey, Buffer.from('phone,reason\n+14155550101,asked\n'));
    expect(JSON.parse(ordinary.body)).toEqual({ imported: 1, skipped: 0, errors: [] });
  });
});
