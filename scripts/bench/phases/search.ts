/** 4. The opt-out list's search, one request at a time: 10 rounds over 10 queries a category. */
import { createRandom, type Dataset } from '../dataset.js';
import { latencies, type Latencies } from '../lib/http.js';
import type { Proc } from '../lib/processes.js';
import type { PhaseContext } from './context.js';

export type SearchResult = Record<string, { real: Latencies; bare: { p50: number; p95: number } }>;

export async function measureSearch(ctx: PhaseContext, server: Proc, onCategory: (category: string, real: Latencies) => void): Promise<SearchResult> {
  const search: SearchResult = {};
  for (const [category, list] of Object.entries(searchQueries(ctx.data))) {
    const paths = list.map((q) => (q === null ? '/api/v1/opt-outs' : `/api/v1/opt-outs?search=${encodeURIComponent(q)}`));
    const real = await latencies(server.url, paths, ctx.auth, 10);
    const bare = await latencies(ctx.bare.url, paths, ctx.auth, 10);
    search[category] = { real, bare: { p50: bare.p50, p95: bare.p95 } };
    onCategory(category, real);
  }
  return search;
}

function searchQueries(data: Dataset): Record<string, (string | null)[]> {
  const random = createRandom(99);
  const optedOutContacts = Array.from(data.optOuts.contact);
  const someOptedOut = (filter: (i: number) => boolean) => {
    for (;;) {
      const i = optedOutContacts[Math.floor(random() * optedOutContacts.length)]!;
      if (filter(i)) return i;
    }
  };
  const phoneOf = (i: number) => data.contacts.phone[i]!.slice(2); // national digits
  const emails: string[] = [];
  for (let k = 0; k < 5; k += 1) {
    const email = data.contacts.email[someOptedOut((i) => data.contacts.email[i] !== null && data.contacts.email[i]!.length > 16)]!;
    emails.push(email.slice(3, 15)); // a fragment from the middle, as pasted from elsewhere
  }
  for (let k = 0; k < 5; k += 1) {
    const email = data.contacts.email[someOptedOut((i) => data.contacts.email[i] !== null && !/@(gmail|yahoo|outlook|icloud|aol|proton)\./.test(data.contacts.email[i]!))]!;
    emails.push(email.slice(email.indexOf('@'))); // a company domain
  }
  const phones: string[] = [];
  for (let k = 0; k < 4; k += 1) {
    const d = phoneOf(someOptedOut(() => true));
    phones.push(`${d.slice(3, 6)}-${d.slice(6)}`); // 555-0142
  }
  for (let k = 0; k < 3; k += 1) {
    const d = phoneOf(someOptedOut(() => true));
    phones.push(`(${d.slice(0, 3)}) ${d.slice(3, 6)}`); // (415) 555
  }
  for (let k = 0; k < 3; k += 1) phones.push(phoneOf(someOptedOut(() => true)).slice(6)); // 0142
  return {
    'name prefix': ['mar', 'jen', 'rob', 'chri', 'kat', 'dav', 'sam', 'wil', 'ale', 'gonz'],
    'email fragment': emails,
    'phone digits': phones,
    'first page': [null],
  };
}
