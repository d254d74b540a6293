import { afterEach, describe, expect, it } from 'vitest';
import { createWebhookSender, isForbiddenAddress } from '../../src/providers/webhook-sender.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';

describe('the webhook sender\'s address guard', () => {
  let receiver: WebhookReceiver | null = null;
  afterEach(async () => receiver?.close());

  it.each([
    ['127.0.0.1', true], ['127.8.9.10', true], ['10.0.0.1', true], ['172.16.0.1', true], ['172.31.255.255', true], ['192.168.0.1', true],
    ['169.254.169.254', true], ['100.64.0.1', true], ['0.0.0.0', true], ['224.0.0.1', true], ['255.255.255.255', true],
    ['::1', true], ['::', true], ['fe80::1', true], ['fd00:ec2::254', true], ['fc00::1', true], ['::ffff:127.0.0.1', true], ['::ffff:7f00:1', true], ['64:ff9b::a9fe:a9fe', true],
    ['8.8.8.8', false], ['172.32.0.1', false], ['93.184.216.34', false], ['2606:4700::1111', false], ['::ffff:8.8.8.8', false], ['not-an-ip', true],
  ])('%s is forbidden: %s', (address, forbidden) => {
    expect(isForbiddenAddress(address)).toBe(forbidden);
  });

  it('checks the addresses a name resolves to when sending, not only when the endpoint was registered', async () => {
    receiver = await startWebhookReceiver();
    const guarded = createWebhookSender({ allowPrivate: false, timeoutMs: 2000 });
    // "localhost" passes no literal-address check; only the resolved 127.0.0.1 / ::1 gives it away.
    await expect(guarded.send({ url: `http://localhost:${receiver.port}/hooks`, body: '{}', headers: {} })).rejects.toThrow(/loopback, private/);
    await expect(guarded.send({ url: `http://127.0.0.1:${receiver.port}/hooks`, body: '{}', headers: {} })).rejects.toThrow(/loopback, private/);
    expect(receiver.received).toHaveLength(0);

    const open = createWebhookSender({ allowPrivate: true, timeoutMs: 2000 });
    receiver.answers.push(418);
    expect(await open.send({ url: `http://127.0.0.1:${receiver.port}/hooks`, body: '{"a":1}', headers: { 'x-test': 'yes' } })).toEqual({ status: 418 });
    expect(receiver.received[0]).toMatchObject({ body: '{"a":1}', headers: expect.objectContaining({ 'x-test': 'yes', 'content-type': 'application/json' }) });
  });

  it('gives up on a receiver that does not answer within the timeout', async () => {
    const { createServer } = await import('node:net');
    const sockets: import('node:net').Socket[] = [];
    const silent = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    const sender = createWebhookSender({ allowPrivate: true, timeoutMs: 300 });
    const started = Date.now();
    await expect(sender.send({ url: `http://127.0.0.1:${port}/`, body: '{}', headers: {} })).rejects.toThrow(/No answer within 0.3 s/);
    expect(Date.now() - started).toBeLessThan(3000);
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => silent.close(resolve));
  });
});
