import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeTwilioRequest {
  method: string;
  /** Without the query string, e.g. /2010-04-01/Accounts/AC…/Messages.json */
  path: string;
  query: Record<string, string>;
  /** The decoded HTTP Basic credentials, or null when none were sent. */
  auth: { username: string; password: string } | null;
  form: Record<string, string>;
  /** When the request arrived (real time). */
  receivedAt: number;
}

/** What the fake answers the next create (POST Messages.json or Calls.json) with. */
export type ScriptedResponse =
  | { kind: 'created' }
  | { kind: 'error'; status: number; code?: number; message?: string; retryAfter?: string }
  /** Accepts (and, with `create`, records the message as Twilio would) but answers only after `ms`. */
  | { kind: 'hang'; ms: number; create?: boolean };

export interface FakeResource {
  sid: string;
  kind: 'message' | 'call';
  accountSid: string;
  from: string;
  to: string;
  body: string | null;
  dateCreated: Date;
}

/**
 * A stand-in for Twilio's REST API on loopback: records every request,
 * answers creates as scripted (201 with a sid by default), and lists what it
 * "sent" the way Twilio's Messages.json / Calls.json list endpoints do.
 */
export class FakeTwilio {
  readonly requests: FakeTwilioRequest[] = [];
  readonly created: FakeResource[] = [];
  private readonly queue: ScriptedResponse[] = [];
  private fallback: ScriptedResponse = { kind: 'created' };
  private readonly timers = new Set<NodeJS.Timeout>();

  /** The phone numbers each account owns, as IncomingPhoneNumbers.json lists them. */
  private readonly owned = new Map<string, Map<string, string>>();
  /** Auth tokens the fake insists on, by account; an account not here accepts any token. */
  private readonly tokens = new Map<string, string>();

  private constructor(private readonly server: Server, readonly url: string) {}

  /** Puts numbers into an account, so IncomingPhoneNumbers.json lists them there. */
  ownNumber(accountSid: string, ...phoneNumbers: string[]): void {
    const numbers = this.owned.get(accountSid) ?? new Map<string, string>();
    for (const phone of phoneNumbers) numbers.set(phone, `PN${randomBytes(16).toString('hex')}`);
    this.owned.set(accountSid, numbers);
  }

  /** Makes the account refuse (401) any other auth token. */
  requireToken(accountSid: string, authToken: string): void {
    this.tokens.set(accountSid, authToken);
  }

  /** The IncomingPhoneNumbers.json lookups made. */
  numberLookups(): FakeTwilioRequest[] {
    return this.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/IncomingPhoneNumbers.json'));
  }

  static async start(): Promise<FakeTwilio> {
    let fake: FakeTwilio | null = null;
    const server = createServer((request, response) => void fake!.handle(request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    fake = new FakeTwilio(server, `http://127.0.0.1:${port}`);
    return fake;
  }

  /** Answers the next creates with these, in order; afterwards the fallback. */
  script(...responses: ScriptedResponse[]): void {
    this.queue.push(...responses);
  }

  /** What every create is answered with once the script runs out. */
  setFallback(response: ScriptedResponse): void {
    this.fallback = response;
  }

  /** The create requests (POST …/Messages.json or …/Calls.json). */
  creates(resource: 'Messages.json' | 'Calls.json' = 'Messages.json'): FakeTwilioRequest[] {
    return this.requests.filter((r) => r.method === 'POST' && r.path.endsWith(`/${resource}`));
  }

  async close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private authenticates(request: FakeTwilioRequest, accountSid: string): boolean {
    if (!request.auth || request.auth.username !== accountSid) return false;
    const token = this.tokens.get(accountSid);
    return token === undefined || request.auth.password === token;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const url = new URL(request.url ?? '/', this.url);
    const recorded: FakeTwilioRequest = {
      method: request.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      auth: decodeBasic(request.headers.authorization),
      form: Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))),
      receivedAt: Date.now(),
    };
    this.requests.push(recorded);

    const numbers = /^\/2010-04-01\/Accounts\/([^/]+)\/IncomingPhoneNumbers\.json$/.exec(url.pathname);
    if (numbers && recorded.method === 'GET') {
      const accountSid = numbers[1]!;
      if (!this.authenticates(recorded, accountSid)) return send(response, 401, { code: 20003, message: 'Authenticate', status: 401 });
      const wanted = recorded.query.PhoneNumber;
      const items = [...(this.owned.get(accountSid) ?? new Map<string, string>())]
        .filter(([phone]) => wanted === undefined || phone === wanted)
        .map(([phone, sid]) => ({ sid, account_sid: accountSid, phone_number: phone, friendly_name: phone, capabilities: { sms: true, voice: true, mms: true } }));
      return send(response, 200, { incoming_phone_numbers: items, next_page_uri: null, page: 0, page_size: 50 });
    }
    const match = /^\/2010-04-01\/Accounts\/([^/]+)\/(Messages|Calls)\.json$/.exec(url.pathname);
    if (!match) return send(response, 404, { code: 20404, message: 'The requested resource was not found', status: 404 });
    const [, accountSid, resource] = match as unknown as [string, string, 'Messages' | 'Calls'];
    if (!recorded.auth || recorded.auth.username !== accountSid) return send(response, 401, { code: 20003, message: 'Authenticate', status: 401 });

    if (recorded.method === 'GET') {
      const kind = resource === 'Messages' ? 'message' : 'call';
      const items = this.created
        .filter((r) => r.kind === kind && r.accountSid === accountSid && (!recorded.query.To || r.to === recorded.query.To) && (!recorded.query.From || r.from === recorded.query.From))
        .reverse()
        .map((r) => ({ sid: r.sid, from: r.from, to: r.to, body: r.body, status: 'sent', date_created: r.dateCreated.toUTCString() }));
      return send(response, 200, { [resource === 'Messages' ? 'messages' : 'calls']: items, next_page_uri: null, page: 0, page_size: 100 });
    }

    const scripted = this.queue.shift() ?? this.fallback;
    const create = (): FakeResource => {
      const resourceRow: FakeResource = {
        sid: `${resource === 'Messages' ? 'SM' : 'CA'}${randomBytes(16).toString('hex')}`,
        kind: resource === 'Messages' ? 'message' : 'call',
        accountSid,
        from: recorded.form.From ?? '',
        to: recorded.form.To ?? '',
        body: recorded.form.Body ?? null,
        dateCreated: new Date(),
      };
      this.created.push(resourceRow);
      return resourceRow;
    };
    switch (scripted.kind) {
      case 'created': {
        const row = create();
        return send(response, 201, { sid: row.sid, account_sid: accountSid, from: row.from, to: row.to, body: row.body, status: 'queued' });
      }
      case 'error': {
        const headers: Record<string, string> = scripted.retryAfter ? { 'retry-after': scripted.retryAfter } : {};
        const body = scripted.code === undefined ? { message: scripted.message ?? 'Error', status: scripted.status } : { code: scripted.code, message: scripted.message ?? 'Error', status: scripted.status };
        return send(response, scripted.status, body, headers);
      }
      case 'hang': {
        const row = scripted.create ? create() : null;
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          if (row) send(response, 201, { sid: row.sid, status: 'queued' });
          else send(response, 500, { code: 20500, message: 'Internal Server Error', status: 500 });
        }, scripted.ms);
        this.timers.add(timer);
        return;
      }
    }
  }
}

function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (response.destroyed) return;
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

function decodeBasic(header: string | undefined): { username: string; password: string } | null {
  const match = /^Basic\s+(\S+)$/i.exec(header ?? '');
  if (!match) return null;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? null : { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
