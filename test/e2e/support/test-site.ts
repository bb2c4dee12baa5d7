import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The web the e2e tests browse: one loopback server answering every test hostname (the browsers
 * map all names to 127.0.0.1). Each page carries a marker naming its host, so a test can prove a
 * blocked page's content never reached the screen, and every request is logged, so a test can
 * prove a blocked request never reached the server.
 */
export interface TestSite {
  port: number;
  url(host: string, path?: string): string;
  requestsTo(host: string): string[];
  close(): Promise<void>;
}

export const contentMarker = (host: string) => `SECRET-CONTENT-OF-${host}`;

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);

function page(host: string, body: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${contentMarker(host)}</title>
<link rel="icon" href="/favicon.png"></head><body><h1 id="content">${contentMarker(host)}</h1>${body}</body></html>`;
}

function respond(request: IncomingMessage): { status: number; type: string; body: string; location?: string } {
  const host = (request.headers.host ?? '').replace(/:\d+$/, '');
  const url = new URL(request.url ?? '/', 'http://x');
  const to = url.searchParams.get('to') ?? '';
  const frames = url.searchParams.getAll('to').map((src) => `<iframe src="${escapeHtml(src)}" width="400" height="300"></iframe>`);
  switch (url.pathname) {
    case '/':
      return { status: 200, type: 'text/html', body: page(host, '<p>An ordinary page.</p>') };
    case '/frames':
      return { status: 200, type: 'text/html', body: page(host, frames.join('')) };
    case '/link':
      return { status: 200, type: 'text/html', body: page(host, `<a id="go" href="${escapeHtml(to)}">go</a>`) };
    case '/images': {
      // `n` images from as many hosts under `domain`, and `repeat` more from one host.
      const port = (request.headers.host ?? '').split(':')[1];
      const domain = url.searchParams.get('domain') ?? 'example.test';
      const n = Number(url.searchParams.get('n') ?? 0);
      const repeat = Number(url.searchParams.get('repeat') ?? 0);
      const image = (imageHost: string, path: string) => `<img src="http://${escapeHtml(imageHost)}:${port}${path}" width="1" height="1">`;
      const images = [
        ...Array.from({ length: n }, (_, i) => image(`i${i}.${domain}`, '/pic.png')),
        ...Array.from({ length: repeat }, (_, i) => image(`same.${domain}`, `/pic${i}.png`)),
      ];
      return { status: 200, type: 'text/html', body: page(host, images.join('')) };
    }
    case '/redirect':
      return { status: 302, type: 'text/plain', body: '', location: to };
    case '/data.json':
      return { status: 200, type: 'application/json', body: JSON.stringify({ marker: contentMarker(host) }) };
    case '/favicon.png':
      return { status: 404, type: 'text/plain', body: '' };
    default:
      return { status: 404, type: 'text/plain', body: 'not found' };
  }
}

export async function startTestSite(): Promise<TestSite> {
  const log: { host: string; path: string }[] = [];
  const server: Server = createServer((request, response) => {
    const host = (request.headers.host ?? '').replace(/:\d+$/, '');
    log.push({ host, path: request.url ?? '/' });
    const { status, type, body, location } = respond(request);
    response.writeHead(status, {
      'content-type': `${type}; charset=utf-8`,
      'access-control-allow-origin': '*',
      'cache-control': 'no-store',
      ...(location ? { location } : {}),
    });
    response.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    url: (host, path = '/') => `http://${host}:${port}${path}`,
    requestsTo: (host) => log.filter((entry) => entry.host === host).map((entry) => entry.path),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
