import type { FastifyRequest } from 'fastify';

/**
 * What the request log says about a request: the path, never the query string, which can carry
 * personal data (the subject-access export names a pupil by email there). Bodies and headers are
 * never logged either.
 */
export function requestForLog(request: FastifyRequest) {
  return {
    method: request.method,
    url: request.url.split('?', 1)[0],
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}
