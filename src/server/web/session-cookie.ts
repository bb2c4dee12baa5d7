import type { FastifyReply, FastifyRequest } from 'fastify';

/** The dashboard's session cookie: the session token itself, HttpOnly, sent to this site only. */
export const SESSION_COOKIE = 'safescreen_session';

/** Secure when the request came over HTTPS (as the proxy says, with SAFESCREEN_TRUST_PROXY set). */
export const cookieOptions = (request: FastifyRequest) =>
  ({ path: '/', httpOnly: true, sameSite: 'lax', secure: request.protocol === 'https' }) as const;

/**
 * No Max-Age: the cookie goes when the browser closes (a shared school laptop), and the server
 * ends the session anyway at its idle or absolute expiry.
 */
export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string): void {
  reply.setCookie(SESSION_COOKIE, token, cookieOptions(request));
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, cookieOptions(request));
}

export const sessionToken = (request: FastifyRequest): string | undefined => request.cookies[SESSION_COOKIE];
