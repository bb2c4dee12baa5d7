import type { WireBreachRecord } from '../../../src/core/breach-schema.js';
import type { SummaryRow } from '../../../src/server/storage/breaches.js';

/** A valid breach record as a device would send it, `days` ago. */
export function breach(overrides: Record<string, unknown> = {}, daysAgo = 0): WireBreachRecord & Record<string, unknown> {
  return {
    id: crypto.randomUUID(),
    occurredAt: new Date(Date.now() - daysAgo * 86_400_000).toISOString(),
    url: 'https://games.example.test/play?level=2',
    host: 'games.example.test',
    registrableDomain: 'example.test',
    category: 'games',
    ruleId: 'category:games',
    rulesVersion: 'builtin-1',
    resourceType: 'main_frame',
    count: 1,
    groupId: 'Y4-Oak',
    deviceId: 'install-1',
    ...overrides,
  };
}

/** The server's answer to one request. `json` is the parsed body (the text itself when it is not JSON), read as the `T` the caller expects. */
export interface JsonAnswer<T = unknown> {
  status: number;
  json: T;
  headers: Headers;
}

/** What an error answer carries. */
export interface ErrorAnswer {
  error: string;
  reason: string;
}
/** POST /api/v1/staff/login */
export interface LoginAnswer {
  token: string;
  role: string;
  schoolId: string;
}
/** GET /api/v1/groups/{groupId}/summary */
export interface GroupSummaryAnswer {
  groupId: string;
  days: number;
  rows: SummaryRow[];
}

export async function postJson<T = unknown>(url: string, body: unknown, credential?: string): Promise<JsonAnswer<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(credential ? { authorization: `Bearer ${credential}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: response.status, json: json as T, headers: response.headers };
}

export async function getJson<T = unknown>(url: string, token?: string): Promise<JsonAnswer<T>> {
  const response = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: response.status, json: (await response.json()) as T, headers: response.headers };
}

/** A line of a subject access export (NDJSON). */
export type ExportLine = { type: 'export' | 'pupil' | 'breach' | 'unblockRequest' | 'end' } & Record<string, unknown>;

/** GET /api/v1/subject-access/export, read whole (small exports only), with its breach lines picked out. */
export async function getExport(
  url: string,
  token: string,
): Promise<{ status: number; headers: Headers; lines: ExportLine[]; breaches: ExportLine[] }> {
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  const text = await response.text();
  const lines = response.ok
    ? text
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as ExportLine)
    : [];
  return { status: response.status, headers: response.headers, lines, breaches: lines.filter((line) => line.type === 'breach') };
}

/** Every row of a paged read (subject-access.ts), for tests with few rows. */
export async function allRows<Row>(pages: AsyncIterable<Row[]>): Promise<Row[]> {
  const rows: Row[] = [];
  for await (const page of pages) rows.push(...page);
  return rows;
}
