import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyFormbody from '@fastify/formbody';
import fastifyHelmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import fastifyView from '@fastify/view';
import { Eta } from 'eta';
import type { FastifyError, FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { formatSchoolDateTime } from '../../core/school-time.js';
import type { AppContext } from '../app-context.js';
import { WEB_PAGES } from './web-pages.js';

const VIEWS_DIR = fileURLToPath(new URL('./views/', import.meta.url));
const PUBLIC_DIR = fileURLToPath(new URL('./public/', import.meta.url));

/** The one Content-Security-Policy of the dashboard: nothing inline, nothing from elsewhere. */
export const CONTENT_SECURITY_POLICY = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'"],
  'object-src': ["'none'"],
  'frame-ancestors': ["'none'"],
  'form-action': ["'self'"],
  'base-uri': ["'none'"],
};

/** The CSRF secret's cookie (the token in each form is made from it); the session cookie is session-cookie.ts's. */
const CSRF_COOKIE = 'safescreen_csrf';

/**
 * The staff dashboard: server-rendered pages (eta, escaping by default) under a strict CSP, with
 * cookie sessions and a CSRF token checked on every request that is not a GET. The JSON API under
 * /api keeps its own JSON errors and no dashboard middleware (no form bodies, no cookies).
 *
 * Adding a page: write `src/server/web/pages/<name>.ts` exporting `(web, ctx) => void` that adds
 * plain Fastify routes guarded by `staffPage(ctx, roles)` and answering `reply.view('<name>.eta',
 * { title, ... })`; list it in web-pages.ts; add its menu row to navigation.ts. The template
 * (src/server/web/views/) holds the page's content only: layout.eta adds the header, menu, <main>
 * and the <h1> from `title`. POST forms carry `<%~ include('csrf-field', it) %>`, and their routes
 * answer with a 303 redirect to a GET page (POST → redirect → GET).
 */
export async function registerWeb(app: FastifyInstance, ctx: AppContext): Promise<void> {
  // The API's answers stay exactly as they were: no dashboard headers on them.
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/')) (route as { helmet?: false }).helmet = false;
  });
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
    // Same-origin pages only; no referrer leaves the dashboard (page addresses can name a pupil).
    referrerPolicy: { policy: 'no-referrer' },
  });
  await app.register(fastifyView, {
    engine: { eta: new Eta({ views: VIEWS_DIR, autoEscape: true }) },
    root: VIEWS_DIR,
    layout: 'layout.eta',
    viewExt: 'eta',
    defaultContext: { staff: null, nav: [], csrfToken: '', formatDateTime: formatSchoolDateTime },
  });

  const dashboard: FastifyPluginAsync = async (web) => {
    await web.register(fastifyCookie);
    await web.register(fastifyFormbody, { bodyLimit: 64 * 1024 });
    await web.register(fastifyCsrf, {
      cookieKey: CSRF_COOKIE,
      cookieOpts: { path: '/', sameSite: 'strict', httpOnly: true },
      getToken: (request) => (request.body as { _csrf?: string } | undefined)?._csrf,
    });
    await web.register(fastifyStatic, { root: PUBLIC_DIR, prefix: '/static/', index: false, list: false });

    web.addHook('onRequest', async (request, reply) => {
      reply.locals.csrfToken = reply.generateCsrf({ secure: request.protocol === 'https' });
    });
    // Every state change is checked here, once, so a new page cannot forget it.
    web.addHook('preHandler', (request, reply, done) => {
      if (request.method === 'GET' || request.method === 'HEAD') return done();
      web.csrfProtection(request, reply, done);
    });
    web.setErrorHandler(htmlErrorPage);
    for (const addPages of WEB_PAGES) addPages(web, ctx);
  };
  await app.register(dashboard);
}

/** The dashboard's error pages: the same layout, a plain reason, never the error's own text for a 500. */
function htmlErrorPage(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500;
  if (status >= 500) {
    request.log.error({ err: error }, 'dashboard page failed');
    return reply.code(500).view('error.eta', {
      title: 'Something went wrong',
      message: 'SafeScreen could not do that just now. Try again in a minute; if it keeps happening, tell your technician.',
    });
  }
  if (error.code?.startsWith('FST_CSRF_')) {
    return reply.code(403).view('error.eta', {
      title: 'This form has expired',
      message: 'Forms work only from a page SafeScreen has just shown you. Go back, reload the page and try again.',
    });
  }
  return reply.code(status).view('error.eta', {
    title: status === 413 ? 'That was too large' : 'That could not be read',
    message: 'Go back and try again. If you followed a link, it may be incomplete.',
  });
}

/** The dashboard's 404 page (app.ts sends /api paths a JSON 404 instead). */
export function htmlNotFoundPage(reply: FastifyReply) {
  return reply.code(404).view('error.eta', {
    title: 'Page not found',
    message: 'There is no page at this address. Check it, or start again from the home page.',
    showHomeLink: true,
  });
}
