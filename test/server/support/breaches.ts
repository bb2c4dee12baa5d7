import type { WireBreachRecord } from '../../../src/core/breach-schema.js';

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

export async function postJson(url: string, body: unknown, credential?: string): Promise<{ status: number; json: any; headers: Headers }> {
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
  return { status: response.status, json, headers: response.headers };
}

export async function getJson(url: string, token?: string): Promise<{ status: number; json: any; headers: Headers }> {
  const response = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: response.status, json: await response.json(), headers: response.headers };
}
