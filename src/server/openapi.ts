import { BREACH_RECORD_SCHEMA } from '../core/breach-schema.js';

/** A JSON Schema as the routes declare it: only the keywords read here are named. */
interface JsonSchema {
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  [keyword: string]: unknown;
}

/** A response as a route declares it: a JSON body's schema, or (Fastify's form for other types) its schema per content type. */
type ResponseSchema = JsonSchema & { content?: Record<string, { schema: JsonSchema }> };

/** What Fastify's route schema holds, as far as the document needs it. */
interface RouteSchema {
  summary?: string;
  tags?: string[];
  security?: unknown;
  body?: JsonSchema;
  params?: JsonSchema;
  querystring?: JsonSchema;
  response?: Record<string, ResponseSchema>;
}

export interface RouteDescription {
  method: string;
  url: string;
  schema?: RouteSchema;
}

/**
 * The OpenAPI 3.1 document, written from the routes as Fastify registered them (their own
 * validation schemas), so it cannot describe a route that does not exist or miss one that does.
 */
export function openApiDocument(routes: RouteDescription[]): object {
  const paths: Record<string, Record<string, object>> = {};
  for (const route of routes) {
    if (!route.url.startsWith('/api/') || route.method === 'HEAD') continue;
    const schema: RouteSchema = route.schema ?? {};
    const path = route.url.replace(/:(\w+)/g, '{$1}');
    const parameters = [...objectParameters(schema.params, 'path'), ...objectParameters(schema.querystring, 'query')];
    const responses: Record<string, object> = {};
    for (const [status, body] of Object.entries(schema.response ?? { 200: {} })) {
      responses[status] = {
        description: body.description ?? describeStatus(status),
        content: body.content ?? { 'application/json': { schema: body } },
      };
    }
    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = {
      summary: schema.summary,
      tags: schema.tags,
      ...(schema.security ? { security: schema.security } : {}),
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(schema.body ? { requestBody: { required: true, content: { 'application/json': { schema: schema.body } } } } : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'SafeScreen Reporting API',
      version: '1',
      description: 'Breach reporting from enrolled devices, and the staff endpoints behind it. Bodies are JSON.',
    },
    paths,
    components: {
      schemas: { BreachRecord: BREACH_RECORD_SCHEMA },
      securitySchemes: {
        deviceCredential: { type: 'http', scheme: 'bearer', description: 'The credential from POST /api/v1/devices/enrol.' },
        staffSession: { type: 'http', scheme: 'bearer', description: 'The token from POST /api/v1/staff/login.' },
      },
    },
  };
}

function objectParameters(schema: JsonSchema | undefined, where: 'path' | 'query'): object[] {
  if (!schema?.properties) return [];
  return Object.entries(schema.properties).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || (schema.required ?? []).includes(name),
    schema: property,
  }));
}

const STATUS_TEXT: Record<string, string> = {
  200: 'OK',
  201: 'Created',
  400: 'Malformed request; `reason` says what is wrong',
  401: 'Missing, unknown or revoked credential',
  403: 'Not allowed',
  404: 'Not found',
  413: 'Body or batch too large: send fewer records',
  429: 'A rate limit, the enrolment cap or a daily quota is reached: wait Retry-After seconds; `reason` says which',
};
const describeStatus = (status: string) => STATUS_TEXT[status] ?? status;

// The route schemas carry their OpenAPI description beside their validation schemas.
declare module 'fastify' {
  interface FastifySchema {
    summary?: string;
    tags?: string[];
    security?: Record<string, string[]>[];
  }
}
