import type { APIRequestContext, BrowserContext } from 'playwright-core';

let counter = 0;

export interface Account {
  email: string;
  password: string;
  name: string;
  organization: string;
}

export function newAccount(role = 'owner'): Account {
  counter += 1;
  const id = `${Date.now().toString(36)}${counter}`;
  return { email: `${role}.${id}@example.com`, password: 'correct horse battery', name: role === 'owner' ? 'Olivia Owner' : `Alex ${role}`, organization: 'Acme Solar' };
}

/**
 * The API as the browser context's logged-in user: the context's request
 * object shares its cookies, so signing up here logs the pages in too.
 */
export class ApiSession {
  private constructor(
    private readonly request: APIRequestContext,
    private readonly csrfToken: string,
  ) {}

  private integrationKey: Promise<string> | null = null;

  static async signUp(context: BrowserContext, account: Account = newAccount()): Promise<ApiSession> {
    // Hashing the password (scrypt) takes seconds on a loaded machine; the pages' 5 s default is for UI waits.
    const response = await context.request.post('/api/v1/signup', { data: { organization: account.organization, name: account.name, email: account.email, password: account.password }, timeout: 30_000 });
    if (response.status() !== 201) throw new Error(`signup failed: ${response.status()} ${await response.text()}`);
    return new ApiSession(context.request, (await response.json()).csrfToken);
  }

  static async logIn(context: BrowserContext, account: Pick<Account, 'email' | 'password'>): Promise<ApiSession> {
    const response = await context.request.post('/api/v1/login', { data: { email: account.email, password: account.password }, timeout: 30_000 });
    if (response.status() !== 200) throw new Error(`login failed: ${response.status()} ${await response.text()}`);
    return new ApiSession(context.request, (await response.json()).csrfToken);
  }

  /** The session the context's pages are already logged in with (logging in again would replace it). */
  static async ofBrowser(context: BrowserContext): Promise<ApiSession> {
    const response = await context.request.get('/api/v1/session');
    if (response.status() !== 200) throw new Error(`no session: ${response.status()} ${await response.text()}`);
    return new ApiSession(context.request, (await response.json()).csrfToken);
  }

  async call<T = any>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, data?: unknown, expected?: number): Promise<T> {
    const response = await this.request.fetch(`/api/v1${path}`, {
      method,
      headers: method === 'GET' ? {} : { 'x-csrf-token': this.csrfToken },
      ...(data === undefined ? {} : { data }),
    });
    const ok = expected === undefined ? response.ok() : response.status() === expected;
    if (!ok) throw new Error(`${method} ${path} answered ${response.status()}: ${await response.text()}`);
    const text = await response.text();
    return (text ? JSON.parse(text) : null) as T;
  }

  createContact(contact: { name?: string | null; phone: string; email?: string | null; notes?: string | null; tags?: string[] }) {
    return this.call<{ id: string; name: string | null; phone: string }>('POST', '/contacts', contact, 201);
  }

  /**
   * A text from the contact, posted the way an SMS integration posts it: with
   * an API key (this session's, made on first use). Posted with the session
   * itself it would be a teammate's simulated text, which never opts in.
   */
  async inbound(from: string, body: string) {
    this.integrationKey ??= this.call<{ key: string }>('POST', '/api-keys', { name: 'Test SMS integration' }, 201).then((created) => created.key);
    const key = await this.integrationKey;
    const response = await this.request.fetch('/api/v1/messages/inbound', { method: 'POST', headers: { authorization: `Bearer ${key}` }, data: { from, body } });
    if (!response.ok()) throw new Error(`POST /messages/inbound answered ${response.status()}: ${await response.text()}`);
    return (await response.json()) as { action: string; contact: { id: string } };
  }

  /** A text typed into the app's simulator (the session): recorded as this teammate's, never the contact's. */
  simulateInbound(from: string, body: string) {
    return this.call<{ action: string; simulated: boolean; contact: { id: string } }>('POST', '/messages/inbound', { from, body });
  }

  async addUser(role: 'admin' | 'agent'): Promise<Account> {
    const account = newAccount(role);
    await this.call('POST', '/users', { name: account.name, email: account.email, password: account.password, role }, 201);
    return account;
  }
}
