import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WireBreachRecord } from '../../../src/core/breach-schema.js';

/**
 * A stand-in for the reporting server on loopback, speaking the API of DESIGN.md: enrolment,
 * then breach batches with the device's bearer credential, stored once per id. It can be switched
 * into the ways real servers and networks fail.
 */
export type EndpointMode = 'up' | 'down' | 'error-500' | 'hang' | 'html' | 'truncated-json' | 'small-body-limit';

/** A record as the device sent it, and how many 2xx deliveries it was part of. */
export interface StoredRecord {
  record: WireBreachRecord;
  deliveries: number;
}

export interface ReportEndpoint {
  url: string;
  mode: EndpointMode;
  /** Each id stored, with how many 2xx deliveries it was part of. */
  stored: Map<string, StoredRecord>;
  /** Answers given, by kind, to see which failure modes the device met. */
  answered: Record<string, number>;
  setMode(mode: EndpointMode): Promise<void>;
  waitForStored(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

const TOKEN = 'e2e-enrolment-token';
export const ENDPOINT_TOKEN = TOKEN;

export async function startReportEndpoint(): Promise<ReportEndpoint> {
  const credentials = new Set<string>();
  const hanging = new Set<ServerResponse>();
  let server: Server;
  let port = 0;

  const endpoint: ReportEndpoint = {
    url: '',
    mode: 'up',
    stored: new Map(),
    answered: {},
    async setMode(mode) {
      const wasDown = endpoint.mode === 'down';
      endpoint.mode = mode;
      if (mode === 'down' && !wasDown) await stop();
      if (mode !== 'down' && wasDown) await listen();
      if (mode !== 'hang') for (const response of hanging) response.destroy();
    },
    async waitForStored(count, timeoutMs = 90_000) {
      const deadline = Date.now() + timeoutMs;
      while (endpoint.stored.size < count) {
        if (Date.now() > deadline)
          throw new Error(`only ${endpoint.stored.size} of ${count} breaches stored; answers: ${JSON.stringify(endpoint.answered)}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    },
    close: stop,
  };

  const answer = (response: ServerResponse, kind: string, status: number, body: string, type = 'application/json') => {
    endpoint.answered[kind] = (endpoint.answered[kind] ?? 0) + 1;
    response.writeHead(status, { 'content-type': type });
    response.end(body);
  };

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    if (endpoint.mode === 'hang') {
      endpoint.answered.hang = (endpoint.answered.hang ?? 0) + 1;
      hanging.add(response);
      return;
    }
    if (endpoint.mode === 'error-500') return answer(response, '500', 500, '{"error":"internal"}');
    if (request.url === '/api/v1/devices/enrol') {
      const body = JSON.parse(text);
      if (body.enrollmentToken !== TOKEN) return answer(response, 'enrol-refused', 403, '{"error":"bad token"}');
      const credential = `cred-${credentials.size + 1}`;
      credentials.add(credential);
      return answer(response, 'enrolled', 200, JSON.stringify({ deviceId: `device-${credentials.size}`, credential }));
    }
    if (request.url !== '/api/v1/breaches') return answer(response, '404', 404, '{}');
    if (!credentials.has((request.headers.authorization ?? '').replace(/^Bearer /, ''))) return answer(response, '401', 401, '{}');
    const { breaches } = JSON.parse(text) as { breaches: WireBreachRecord[] };
    if (endpoint.mode === 'small-body-limit' && breaches.length > 1) return answer(response, '413', 413, '{"error":"too large"}');
    let accepted = 0;
    let duplicates = 0;
    const entries = breaches.map((record) => {
      const known = endpoint.stored.get(record.id);
      if (known) {
        duplicates += 1;
        return known;
      }
      accepted += 1;
      const entry: StoredRecord = { record, deliveries: 0 };
      endpoint.stored.set(record.id, entry);
      return entry;
    });
    // These two store the batch and then answer garbage, like a proxy that mangles the reply.
    if (endpoint.mode === 'html') return answer(response, 'html', 200, '<html><body>Gateway says hi</body></html>', 'text/html');
    if (endpoint.mode === 'truncated-json') return answer(response, 'truncated', 200, `{"accepted":${accepted},"dupl`);
    for (const entry of entries) entry.deliveries += 1;
    return answer(response, 'stored', 200, JSON.stringify({ accepted, duplicates, rejected: [] }));
  }

  async function listen(): Promise<void> {
    server = createServer((request, response) => void handle(request, response).catch(() => response.destroy()));
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    endpoint.url = `http://127.0.0.1:${port}`;
  }

  async function stop(): Promise<void> {
    for (const response of hanging) response.destroy();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  await listen();
  return endpoint;
}
