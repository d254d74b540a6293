/**
 * Sends webhook requests to URLs customers registered, without letting a URL
 * reach this server's own network: loopback, private, link-local (and so the
 * cloud metadata address), carrier-grade NAT, multicast and reserved
 * addresses are refused unless private targets are allowed. The check runs
 * when an endpoint is registered and again on every send, on the addresses
 * the connection actually uses, so a name that later resolves elsewhere
 * (DNS rebinding) is caught too.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { AppError } from '../domain/errors.js';

const FORBIDDEN = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) FORBIDDEN.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) FORBIDDEN.addSubnet(network, prefix, 'ipv6');

/** True for an address a webhook must not reach unless private targets are allowed. */
export function isForbiddenAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return FORBIDDEN.check(address, 'ipv4');
  if (family !== 6) return true;
  // IPv4 written as IPv6 (::ffff:127.0.0.1, NAT64 64:ff9b::7f00:1) is judged as the IPv4 address it carries.
  const embedded = embeddedIpv4(address);
  if (embedded !== null) return FORBIDDEN.check(embedded, 'ipv4');
  return FORBIDDEN.check(address, 'ipv6');
}

function embeddedIpv4(address: string): string | null {
  const lower = address.toLowerCase();
  const match = /^(?:::ffff:|64:ff9b::)(?:(\d+\.\d+\.\d+\.\d+)|([0-9a-f]{1,4}):([0-9a-f]{1,4}))$/.exec(lower);
  if (!match) return null;
  if (match[1]) return match[1];
  const high = Number.parseInt(match[2]!, 16);
  const low = Number.parseInt(match[3]!, 16);
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

export interface WebhookSenderOptions {
  /** Lets webhooks reach loopback and private networks (tests, or receivers on the same private network). */
  allowPrivate: boolean;
  timeoutMs: number;
}

export interface WebhookRequest {
  url: string;
  body: string;
  headers: Record<string, string>;
}

export interface WebhookSender {
  /** Refuses (AppError invalid_request, field url) a URL that is not http(s) or resolves to a forbidden address. */
  checkUrl(url: string): Promise<void>;
  /** POSTs the body; resolves with the receiver's status, rejects on a forbidden address, a network error or the timeout. */
  send(request: WebhookRequest): Promise<{ status: number }>;
}

export class ForbiddenWebhookAddressError extends Error {
  constructor(host: string, address: string) {
    super(`${host} resolves to ${address}, a loopback, private, link-local or reserved address; webhooks may not reach it.`);
    this.name = 'ForbiddenWebhookAddressError';
  }
}

export function createWebhookSender(options: WebhookSenderOptions): WebhookSender {
  const guardedLookup: LookupFunction = (hostname, lookupOptions, callback) => {
    dnsLookup(hostname, { ...lookupOptions, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      const forbidden = options.allowPrivate ? undefined : addresses.find((entry) => isForbiddenAddress(entry.address));
      if (forbidden) return callback(Object.assign(new ForbiddenWebhookAddressError(hostname, forbidden.address), { code: 'EFORBIDDENADDRESS' }), '', 0);
      if (lookupOptions.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      const first = addresses[0];
      if (!first) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '', 0);
      return callback(null, first.address, first.family);
    });
  };

  return {
    async checkUrl(text) {
      const url = parseWebhookUrl(text);
      if (options.allowPrivate) return;
      const host = hostOf(url);
      if (isIP(host)) {
        if (isForbiddenAddress(host)) throw new AppError('invalid_request', `url: ${host} is a loopback, private, link-local or reserved address; webhooks may not reach it.`, { field: 'url' });
        return;
      }
      const addresses = await new Promise<LookupAddress[]>((resolve, reject) => dnsLookup(host, { all: true }, (error, found) => (error ? reject(error) : resolve(found)))).catch(() => {
        throw new AppError('invalid_request', `url: the host ${host} could not be found.`, { field: 'url' });
      });
      const forbidden = addresses.find((entry) => isForbiddenAddress(entry.address));
      if (forbidden) throw new AppError('invalid_request', `url: ${host} resolves to ${forbidden.address}, a loopback, private, link-local or reserved address; webhooks may not reach it.`, { field: 'url' });
    },

    send(request) {
      const url = new URL(request.url);
      const host = hostOf(url);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') return Promise.reject(new Error(`Only http and https URLs are sent to, not ${url.protocol}`));
      if (!options.allowPrivate && isIP(host) && isForbiddenAddress(host)) return Promise.reject(new ForbiddenWebhookAddressError(host, host));
      const client = url.protocol === 'https:' ? https : http;
      return new Promise((resolve, reject) => {
        const outgoing = client.request(
          url,
          {
            method: 'POST',
            headers: { ...request.headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(request.body)), 'user-agent': 'SalesPartner-Webhooks/1' },
            lookup: guardedLookup,
            // The whole exchange, answer included, must fit in the timeout.
            signal: AbortSignal.timeout(options.timeoutMs),
            // Redirects are not followed (http.request never does): a 3xx counts as a failed attempt.
          },
          (response) => {
            // Only the status matters; the answer is read and dropped so the socket is released.
            response.resume();
            response.once('end', () => resolve({ status: response.statusCode ?? 0 }));
            response.once('error', reject);
          },
        );
        outgoing.once('error', (error) => reject(error.name === 'AbortError' || error.name === 'TimeoutError' ? new Error(`No answer within ${options.timeoutMs / 1000} s`) : error));
        outgoing.end(request.body);
      });
    },
  };
}

function parseWebhookUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new AppError('invalid_request', 'url: not a valid URL.', { field: 'url' });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new AppError('invalid_request', 'url: only http:// and https:// URLs can receive webhooks.', { field: 'url' });
  if (url.username || url.password) throw new AppError('invalid_request', 'url: leave credentials out of the URL (they would be shown to every admin); verify the signature instead.', { field: 'url' });
  return url;
}

function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}
