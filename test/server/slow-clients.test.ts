import { connect, type Socket } from 'node:net';
import { afterEach, expect, test } from 'vitest';
import { type RunningServer, startServer } from '../../src/server/start-server.js';

let server: RunningServer | undefined;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await server?.close();
  server = undefined;
});

function open(url: string): Promise<Socket> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => resolve(socket));
    socket.once('error', reject);
    sockets.push(socket);
  });
}

/** Resolves with what the server sent when it closed the connection, or 'still open' after `bound` ms. */
function closedWithin(socket: Socket, bound: number): Promise<string> {
  let received = '';
  socket.on('data', (chunk) => {
    received += chunk;
  });
  socket.on('error', () => {});
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('still open'), bound);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve(received);
    });
  });
}

for (const path of ['/api/v1/staff/login', '/api/v1/devices/enrol']) {
  test(`a body trickled a byte at a time to ${path} is cut off at the request timeout`, async () => {
    server = await startServer({ port: 0, retentionJob: false, requestTimeoutMs: 1000, headersTimeoutMs: 1000 });
    const socket = await open(server.url);
    const body = JSON.stringify({ email: 'someone@school.test', password: 'a long enough password', enrollmentToken: 'x' });
    socket.write(`POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`);
    // The whole body would take about 40 s at this pace.
    let sent = 0;
    const trickle = setInterval(() => {
      if (!socket.destroyed && sent < body.length) socket.write(body[sent++]);
    }, 500);
    try {
      const answer = await closedWithin(socket, 20_000);
      expect(answer).not.toBe('still open');
      expect(sent).toBeLessThan(body.length);
    } finally {
      clearInterval(trickle);
    }
  }, 30_000);
}

test('a connection beyond the cap is closed at once, and the ones within it are served', async () => {
  server = await startServer({ port: 0, retentionJob: false, maxConnections: 2 });
  const held = [await open(server.url), await open(server.url)];
  const extra = await open(server.url);
  extra.write('GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n');
  expect(await closedWithin(extra, 20_000)).toBe('');
  held[0].write('GET /api/v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  expect(await closedWithin(held[0], 20_000)).toMatch(/^HTTP\/1\.1 200/);
});
