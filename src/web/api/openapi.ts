/**
 * A small registry of the JSON API's routes: each area describes its routes here as it registers
 * them (`describeApiRoute`), and /api/openapi.json serves the collected description (OpenAPI 3.1).
 * Descriptions only: the routes themselves are ordinary Hono handlers, authorised through `can()`
 * like the pages. Writes are form posts (application/x-www-form-urlencoded) carrying the session's
 * `csrf_token`, because app.ts checks that token before any POST reaches a route.
 */
import { Hono } from 'hono';

export interface ApiRouteDescription {
  method: 'get' | 'post';
  /** Hono style, e.g. `/api/governance/items/:id`; written as `{id}` in the document. */
  path: string;
  summary: string;
  tag: string;
  /** Who may call it, in words (the policy's action). */
  access: string;
  /** Form fields a POST takes, besides `csrf_token`. */
  formFields?: string[];
  /** Query parameters (all optional), each with its JSON Schema (a string when left out). */
  query?: { name: string; description: string; schema?: Json }[];
  /** JSON Schema of the 200 response body. */
  responseSchema?: Json;
}

const routes = new Map<string, ApiRouteDescription>();

export function describeApiRoute(route: ApiRouteDescription): void {
  routes.set(`${route.method} ${route.path}`, route);
}

export function apiRoutes(): ApiRouteDescription[] {
  return [...routes.values()].sort(
    (a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method),
  );
}

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export function openApiDocument(): { [key: string]: Json } {
  const paths: Record<string, Record<string, Json>> = {};
  for (const r of apiRoutes()) {
    const path = r.path.replace(/:([A-Za-z_]+)/g, '{$1}');
    const op: Record<string, Json> = {
      summary: r.summary,
      tags: [r.tag],
      description: `Access: ${r.access}.`,
      parameters: [
        ...[...r.path.matchAll(/:([A-Za-z_]+)/g)].map((m) => ({
          name: m[1]!,
          in: 'path',
          required: true,
          schema: { type: 'string' },
        })),
        ...(r.query ?? []).map((q) => ({
          name: q.name,
          in: 'query',
          required: false,
          description: q.description,
          schema: q.schema ?? { type: 'string' },
        })),
      ],
      responses: {
        '200': r.responseSchema
          ? { description: 'OK (JSON)', content: { 'application/json': { schema: r.responseSchema } } }
          : { description: 'OK (JSON)' },
        '400': problemResponse('Invalid input: `field` names the form field at fault'),
        '401': problemResponse('Sign in required'),
        '403': problemResponse('Not allowed: `detail` gives the policy’s reason'),
        '404': problemResponse('Not found (or not yours to know of)'),
        '409': problemResponse('Conflicts with the record (already decided, not quorate, …)'),
      },
    };
    if (r.method === 'post') {
      const properties: Record<string, Json> = { csrf_token: { type: 'string' } };
      for (const f of r.formFields ?? []) properties[f] = { type: 'string' };
      op.requestBody = {
        required: true,
        content: {
          'application/x-www-form-urlencoded': {
            schema: { type: 'object', properties, required: ['csrf_token'] },
          },
        },
      };
    }
    paths[path] ??= {};
    paths[path][r.method] = op;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Fairview JSON API',
      version: '1',
      description:
        'The same sessions and authorisation as the pages. Writes are form posts carrying the session’s csrf_token (the CSRF check runs before every POST). Errors are problem details (RFC 9457, application/problem+json): { type, title, status, detail, field? } — `field` names the form field at fault; `error` repeats `detail` for older callers.',
    },
    paths,
  };
}

/** The problem-details body every /api/ error answers with (src/web/api/problem.ts). */
const PROBLEM_SCHEMA: Json = {
  type: 'object',
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    field: { type: 'string' },
    error: { type: 'string' },
  },
  required: ['type', 'title', 'status'],
};

function problemResponse(description: string): Json {
  return { description, content: { 'application/problem+json': { schema: PROBLEM_SCHEMA } } };
}

/** /api/openapi.json, mounted once by app.ts: the document is read from every route described above. */
export function openApiRoutes(): Hono {
  const app = new Hono();
  app.get('/api/openapi.json', (c) => c.json(openApiDocument()));
  return app;
}
