import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeTwilio } from '../support/fake-twilio.js';
import { ACCOUNT_SID, AUTH_TOKEN, TWILIO_NUMBER, inboundSms } from '../support/twilio.js';
import { createFaultDatabase, type FaultDatabase } from './support/databases.js';
import { api, signUp, startServer, type ServerProcess } from './support/server-process.js';

const PUBLIC_URL = 'http://optout.test';
const SECRET_KEY = 'a'.repeat(64);

/**
 * Two server instances on one PostgreSQL, each with its own dispatcher,
 * sending through a fake Twilio that notes when each send arrives.
 */
describe('two instances racing on one PostgreSQL', () => {
  let database: FaultDatabase;
  let fake: FakeTwilio;
  let a: ServerProcess;
  let b: ServerProcess;
  let apiKey: string;

  beforeAll(async () => {
    database = await createFaultDatabase('postgres');
    fake = await FakeTwilio.start();
    const env = { DATABASE_URL: database.url, PUBLIC_URL, SECRET_KEY, TWILIO_API_BASE: fake.url, DISPATCHER_INTERVAL_MS: '25' };
    a = await startServer(env);
    b = await startServer(env);
    apiKey = await signUp(a.url);
    expect((await api(a.url, apiKey, 'PUT', '/api/v1/providers/twilio', { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN })).status).toBe(200);
    expect((await api(a.url, apiKey, 'POST', '/api/v1/numbers', { phoneNumber: TWILIO_NUMBER, provider: 'twilio' })).status).toBe(201);
  });
  afterAll(async () => {
    await a?.terminate();
    await b?.terminate();
    await fake?.close();
    await database?.drop();
  });

  it('after a STOP is acknowledged, no send is accepted and none reaches the provider beyond a calls-in-flight grace window', async () => {
    const rounds = 6;
    let accepted = 0;
    let refused = 0;
    let lateAccepted = 0;
    let maxGraceMs = 0;
    let inFlightAtStop = 0;
    for (let round = 0; round < rounds; round += 1) {
      const phone = `+1415555${String(7000 + round)}`;
      const contact = (await api(a.url, apiKey, 'POST', '/api/v1/contacts', { name: `Racer ${round}`, phone })).json;
      let stopAckedAt = Number.POSITIVE_INFINITY;
      let running = true;
      const sender = async (url: string, worker: number) => {
        for (let n = 0; running; n += 1) {
          const startedAt = Date.now();
          const response = await api(url, apiKey, 'POST', `/api/v1/contacts/${contact.id}/messages`, { body: `Offer ${round}.${worker}.${n}` });
          if (response.status === 201) {
            accepted += 1;
            if (startedAt > stopAckedAt) lateAccepted += 1;
          } else {
            expect(response.status).toBe(409);
            refused += 1;
          }
        }
      };
      const senders = Array.from({ length: 12 }, (_, worker) => sender(worker % 2 === 0 ? a.url : b.url, worker));
      await new Promise((r) => setTimeout(r, 150 + round * 20));
      const stop = await api(round % 2 === 0 ? a.url : b.url, apiKey, 'POST', '/api/v1/messages/inbound', { from: phone, body: 'STOP' });
      stopAckedAt = Date.now();
      expect(stop.json.action).toBe('opted_out');
      await new Promise((r) => setTimeout(r, 250));
      running = false;
      await Promise.all(senders);
      await new Promise((r) => setTimeout(r, 1200)); // let both dispatchers drain

      const arrivals = fake.creates().filter((request) => request.form.To === phone && request.form.Body?.startsWith('Offer'));
      const late = arrivals.filter((request) => request.receivedAt > stopAckedAt);
      inFlightAtStop += late.length;
      for (const request of late) maxGraceMs = Math.max(maxGraceMs, request.receivedAt - stopAckedAt);
    }
    console.log(`[race] ${rounds} rounds, 2 instances: ${accepted} sends accepted, ${refused} refused 409, ${lateAccepted} accepted after the STOP was acknowledged; ${inFlightAtStop} provider calls already in flight arrived after the acknowledgement, the latest ${maxGraceMs} ms after it`);
    expect(lateAccepted).toBe(0);
    expect(maxGraceMs).toBeLessThan(100);
    expect(accepted).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(0);
  });

  it('never sends one message twice across the two dispatchers', async () => {
    const sids = fake.creates().map((request) => `${request.form.To}|${request.form.Body}`);
    expect(new Set(sids).size).toBe(sids.length);
  });

  it('STOP and START racing on two instances end in the state of whichever committed last, and the ledger holds both', async () => {
    let bothApplied = 0;
    for (let round = 0; round < 20; round += 1) {
      const phone = `+1415555${String(8000 + round)}`;
      const [stop, start] = await Promise.all([
        api(a.url, apiKey, 'POST', '/api/v1/messages/inbound', { from: phone, body: 'STOP' }),
        api(b.url, apiKey, 'POST', '/api/v1/messages/inbound', { from: phone, body: 'START' }),
      ]);
      const contactId = stop.json.contact.id as string;
      if (!stop.json.action || !start.json.action) console.log(JSON.stringify({ stop: stop.status, start: start.json }).slice(0, 600));
      const events = (await api(a.url, apiKey, 'GET', `/api/v1/contacts/${contactId}/consent-events`)).json.items as { type: string }[];
      const contact = (await api(a.url, apiKey, 'GET', `/api/v1/contacts/${contactId}`)).json;
      expect(stop.json.action).toBe('opted_out');
      if (start.json.action === 'opted_in') {
        // STOP committed first, START after it: both events, the number is allowed again.
        bothApplied += 1;
        expect(events.map((e) => e.type)).toEqual(['opted_out', 'opted_in']);
        expect(contact.optedOut).toBe(false);
      } else {
        // START committed first, while the number was still allowed (nothing to opt in), then STOP.
        expect(start.json.action).toBe('none');
        expect(events.map((e) => e.type)).toEqual(['opted_out']);
        expect(contact.optedOut).toBe(true);
      }
    }
    expect((await api(a.url, apiKey, 'GET', '/api/v1/consent-ledger/verify')).json.ok).toBe(true);
    console.log(`[stop/start race] 20 rounds: START committed after STOP in ${bothApplied}, before it in ${20 - bothApplied}; every final state matched the ledger`);
  });

  it('stores a webhook delivered five times at once, across both instances, exactly once', async () => {
    const params = inboundSms({ From: '+14155559001', Body: 'STOP', MessageSid: 'SM0123456789abcdef0123456789abcd01' });
    const signature = twilio.getExpectedTwilioSignature(AUTH_TOKEN, `${PUBLIC_URL}/webhooks/twilio/sms`, params);
    const deliveries = await Promise.all(
      [a, b, a, b, a].map((server) =>
        fetch(`${server.url}/webhooks/twilio/sms`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
          body: new URLSearchParams(params).toString(),
        }).then(async (response) => ({ status: response.status, body: await response.text() })),
      ),
    );
    for (const delivery of deliveries) {
      expect(delivery.status).toBe(200);
      expect(delivery.body).toContain('<Message>');
    }
    const contact = (await api(a.url, apiKey, 'GET', '/api/v1/contacts?search=555-9001')).json.items[0];
    const conversation = (await api(a.url, apiKey, 'GET', `/api/v1/contacts/${contact.id}/conversation`)).json.items as { kind: string; direction?: string }[];
    expect(conversation.filter((item) => item.kind === 'message' && item.direction === 'inbound')).toHaveLength(1);
    expect(conversation.filter((item) => item.kind === 'consent')).toHaveLength(1);
    expect(conversation.filter((item) => item.kind === 'message' && item.direction === 'outbound')).toHaveLength(1);
  });
});
