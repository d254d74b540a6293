/**
 * The benchmark's baseline: bare Fastify in its own process answering the
 * same requests as the real server — JSON body parsed, a JSON answer of about
 * the same size — with no database, authentication or validation. What it
 * reaches is the framework's own ceiling on this machine.
 *
 * Run by scripts/bench/run.ts; PORT selects the port. Prints "listening <port>".
 */
import Fastify from 'fastify';

const app = Fastify({ logger: false, bodyLimit: 1024 * 1024 });

const message = {
  id: '0190f7a2-6c1e-7b3a-9f00-3c2d1e0f4a5b',
  contactId: '0190f7a2-6c1e-7b3a-9f00-3c2d1e0f4a5c',
  direction: 'inbound',
  from: '+14155550101',
  to: null,
  body: 'STOP',
  status: 'received',
  sendAt: null,
  providerMessageId: null,
  createdAt: '2026-01-01T00:00:00.000Z',
};
const contact = {
  id: message.contactId,
  name: null,
  phone: '+14155550101',
  email: null,
  notes: null,
  tags: [],
  optedOut: true,
  optOut: { optedOutAt: '2026-01-01T00:00:00.000Z', reason: 'Replied "STOP"', source: 'keyword', keyword: 'STOP' },
  createdAt: message.createdAt,
  updatedAt: message.createdAt,
};

app.post('/api/v1/messages/inbound', async (request) => {
  const body = request.body as { from: string; body: string };
  return {
    message: { ...message, from: body.from, body: body.body },
    contact: { ...contact, phone: body.from },
    action: 'opted_out',
    reply: 'Acme: You are unsubscribed and will receive no more messages from us. Reply START to resubscribe.',
    replyMessage: { ...message, direction: 'outbound', to: body.from, status: 'queued' },
    duplicate: false,
  };
});

app.post('/api/v1/messages', async (request, reply) => {
  const body = request.body as { to: string; body: string };
  return reply.status(201).send({ message: { ...message, direction: 'outbound', to: body.to, body: body.body, status: 'queued' } });
});

app.post('/api/v1/opt-outs/check', async (request) => {
  const { phones } = request.body as { phones: string[] };
  // Echo a fifth of the numbers back, as the real answer lists the opted-out ones.
  return { optedOut: phones.filter((_, i) => i % 5 === 0), invalid: [] };
});

const optOutItem = {
  phone: '+14155550101',
  contact: { id: contact.id, name: 'Maria Lopez', email: 'maria.lopez@example.com', phone: '+14155550101' },
  optedOutAt: '2026-01-01T00:00:00.000Z',
  reason: 'Replied "STOP"',
  source: 'keyword',
  keyword: 'STOP',
};
const optOutPage = { items: Array.from({ length: 50 }, () => optOutItem), nextCursor: 'WyIyMDI2LTAxLTAxVDAwOjAwOjAwLjAwMFoiLCIrMTQxNTU1NTAxMDEiXQ' };
app.get('/api/v1/opt-outs', async () => optOutPage);

const port = Number(process.env.PORT ?? 0);
app.listen({ port, host: '127.0.0.1' }).then(
  () => {
    const address = app.server.address();
    process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : port}\n`);
  },
  (error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exit(1);
  },
);
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
