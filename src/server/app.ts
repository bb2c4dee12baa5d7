import type { Writable } from 'node:stream';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import type { AppContext } from './app-context.js';
import type { ServerConfig } from './config.js';
import { openApiDocument, type RouteDescription } from './openapi.js';
import { auditRefusals } from './refusal-audit.js';
import { requestForLog } from './request-log.js';
import { enrolDeviceRoute } from './routes/enrol-device.js';
import { groupSummaryRoute } from './routes/group-summary.js';
import { ingestBreachesRoute } from './routes/ingest-breaches.js';
import { ingestUsageRoute } from './routes/ingest-usage.js';
import { revokeDeviceRoute } from './routes/revoke-device.js';
import { rotateEnrolmentTokenRoute } from './routes/rotate-enrolment-token.js';
import { schoolStructureRoutes } from './routes/school-structure.js';
import { staffLoginRoute } from './routes/staff-login.js';
import { staffLogoutRoute } from './routes/staff-logout.js';
import { subjectAccessRoutes } from './routes/subject-access.js';
import { teacherViewRoutes } from './routes/teacher-view.js';
import { unblockRequestsRoute } from './routes/unblock-requests.js';
import { htmlNotFoundPage, registerWeb } from './web/register-web.js';

export interface AppOptions {
  logLevel: string;
  /** Where the log goes (default standard output); tests read it. */
  logStream?: Writable;
  connections: Pick<ServerConfig, 'requestTimeoutMs' | 'headersTimeoutMs' | 'idleTimeoutMs' | 'keepAliveTimeoutMs' | 'maxConnections'>;
  /** Off unless the server is behind a reverse proxy (SAFESCREEN_TRUST_PROXY): then request.ip is the client's. */
  trustProxy?: ServerConfig['trustProxy'];
}

/** How often Node looks for requests past their timeouts (its default, 30 s, would double a 30 s timeout). */
const TIMEOUT_CHECK_INTERVAL_MS = 1000;

/** Paths of the JSON API; everything else is the dashboard's (HTML pages and errors). */
const isApiPath = (url: string) => url === '/api' || url.startsWith('/api/');

/** The HTTP application: every route, JSON errors with a reason on /api, the dashboard's pages, and the OpenAPI document. */
export async function buildApp(ctx: AppContext, options: AppOptions): Promise<FastifyInstance> {
  const { connections } = options;
  const app = Fastify({
    logger: { level: options.logLevel, stream: options.logStream, serializers: { req: requestForLog } },
    bodyLimit: ctx.config.maxBodyBytes,
    // A client that sends slowly (a byte every few seconds) must not hold a connection for minutes.
    requestTimeout: connections.requestTimeoutMs,
    connectionTimeout: connections.idleTimeoutMs,
    keepAliveTimeout: connections.keepAliveTimeoutMs,
    http: { headersTimeout: connections.headersTimeoutMs, connectionsCheckingInterval: TIMEOUT_CHECK_INTERVAL_MS },
    // Types are never coerced: `"breaches": {…}` or `"dropped": "5"` is a malformed body, not a guess.
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false } },
    trustProxy: options.trustProxy ?? false,
  });
  app.server.maxConnections = connections.maxConnections;
  app.decorateRequest('device', null);
  app.decorateRequest('staff', null);

  const routes: RouteDescription[] = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routes.push({ method, url: route.url, schema: route.schema as Record<string, unknown> });
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500;
    if (status >= 500) {
      request.log.error({ err: error }, 'request failed');
      // The message may quote SQL or data: it stays in the log.
      return reply.code(status).send({ error: 'internal error', reason: 'the server could not store this; try again later' });
    }
    const label = status === 413 ? 'too large' : status === 415 ? 'unsupported media type' : 'bad request';
    return reply.code(status).send({ error: label, reason: error.message });
  });
  app.setNotFoundHandler((request, reply) =>
    isApiPath(request.url) ? reply.code(404).send({ error: 'not found' }) : htmlNotFoundPage(reply),
  );
  auditRefusals(app, ctx);
  await registerWeb(app, ctx);

  app.get('/api/v1/health', { schema: { summary: 'Liveness and database check', tags: ['operations'] } }, async () => {
    await ctx.db.query('SELECT 1');
    return { ok: true };
  });
  enrolDeviceRoute(app, ctx);
  ingestBreachesRoute(app, ctx);
  unblockRequestsRoute(app, ctx);
  staffLoginRoute(app, ctx);
  staffLogoutRoute(app, ctx);
  revokeDeviceRoute(app, ctx);
  rotateEnrolmentTokenRoute(app, ctx);
  ingestUsageRoute(app, ctx);
  groupSummaryRoute(app, ctx);
  subjectAccessRoutes(app, ctx);
  schoolStructureRoutes(app, ctx);
  teacherViewRoutes(app, ctx);
  app.get('/api/v1/openapi.json', { schema: { summary: 'This OpenAPI document', tags: ['operations'] } }, async () =>
    openApiDocument(routes),
  );
  await app.ready();
  return app;
}
