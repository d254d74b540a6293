import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.js';

type Operation = { responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> };

describe('the API documents every answer (/docs/json)', () => {
  let t: TestApp;
  let paths: Record<string, Record<string, Operation>>;

  beforeAll(async () => {
    t = await createTestApp('sqlite');
    const spec = await t.app.inject({ method: 'GET', url: '/docs/json' });
    expect(spec.statusCode).toBe(200);
    paths = (spec.json() as { paths: Record<string, Record<string, Operation>> }).paths;
  });
  afterAll(async () => t.close());

  const operations = () =>
    Object.entries(paths)
      .filter(([path]) => path.startsWith('/api/v1/'))
      .flatMap(([path, methods]) => Object.entries(methods).map(([method, operation]) => ({ route: `${method.toUpperCase()} ${path}`, operation })));

  it('every route under /api/v1 declares the schema of its success answer', () => {
    expect(operations().length).toBeGreaterThan(50);
    const undocumented = operations()
      .filter(({ operation }) => !Object.entries(operation.responses ?? {}).some(([status, response]) => /^2\d\d$/.test(status) && (status === '204' || Object.values(response.content ?? {}).some((media) => media.schema !== undefined))))
      .map(({ route }) => route);
    expect(undocumented).toEqual([]);
  });

  it('every route under /api/v1 documents its failures as the one error shape', () => {
    const withoutErrors = operations()
      .filter(({ operation }) => {
        const schema = operation.responses?.['4XX']?.content?.['application/json']?.schema as { properties?: Record<string, unknown> } | undefined;
        return schema?.properties?.error === undefined;
      })
      .map(({ route }) => route);
    expect(withoutErrors).toEqual([]);
  });

  it('names the fields of an answer the UI reads', () => {
    const contact = paths['/api/v1/contacts/{id}']?.get?.responses?.['200']?.content?.['application/json']?.schema as { properties: Record<string, unknown> };
    expect(Object.keys(contact.properties)).toEqual(expect.arrayContaining(['id', 'phone', 'optedOut', 'optOut', 'reviewPending', 'tags']));
  });
});
