import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { CONFIG_VARIABLES, ConfigError, parseServerConfig } from '../../src/server/config.js';

test('defaults: loopback on 8787, embedded database in .data, 400-day retention, limits for a school of 500 devices', () => {
  expect(parseServerConfig({})).toMatchObject({
    host: '127.0.0.1',
    port: 8787,
    dataDir: '.data',
    databaseUrl: undefined,
    retentionDays: 400,
    enrolmentsPerSchoolPerHour: 1000,
    recordsPerDevicePerDay: 5000,
    bytesPerSchoolPerDay: 512 * 1024 * 1024,
  });
});

test('every bad value is reported at once, each with what was expected, and a password is never echoed', () => {
  let error: unknown;
  try {
    parseServerConfig({
      SAFESCREEN_PORT: '80a',
      SAFESCREEN_RETENTION_DAYS: '0',
      DATABASE_URL: 'mysql://root:hunter2@db',
      SAFESCREEN_LOG_LEVEL: 'loud',
    });
  } catch (caught) {
    error = caught;
  }
  expect(error).toBeInstanceOf(ConfigError);
  const { problems, message } = error as ConfigError;
  expect(problems).toHaveLength(4);
  expect(message).toContain('SAFESCREEN_PORT="80a": expected a whole number from 0 to 65535');
  expect(message).toContain('SAFESCREEN_RETENTION_DAYS="0"');
  expect(message).toContain('DATABASE_URL: expected a postgres://');
  expect(message).not.toContain('hunter2');
});

test('the network is opened only by the documented variable', () => {
  expect(parseServerConfig({ SAFESCREEN_HOST: '0.0.0.0', DATABASE_URL: 'postgres://u@h/db' })).toMatchObject({
    host: '0.0.0.0',
    databaseUrl: 'postgres://u@h/db',
  });
});

test("README's configuration table lists every variable of CONFIG_VARIABLES with its default, and no other", () => {
  const rows = readFileSync('README.md', 'utf8')
    .split('\n')
    .flatMap((line) => {
      const match = /^\| `([A-Z_]+)` +\| (\S+) +\|/.exec(line);
      return match ? [[match[1], match[2]]] : [];
    });
  const expected = Object.entries(CONFIG_VARIABLES).map(([name, { default: value }]) => [name, value === '' ? '–' : `\`${value}\``]);
  expect(rows).toEqual(expected);
});

test('connection limits and the durable embedded database come from the table, and headers cannot outwait the request', () => {
  expect(parseServerConfig({})).toMatchObject({ embeddedFsync: true, requestTimeoutMs: 30_000, maxConnections: 1000, demo: 'auto' });
  expect(parseServerConfig({ SAFESCREEN_EMBEDDED_FSYNC: 'off', SAFESCREEN_DEMO: '1' })).toMatchObject({
    embeddedFsync: false,
    demo: 'yes',
  });
  expect(() => parseServerConfig({ SAFESCREEN_REQUEST_TIMEOUT_MS: '5000', SAFESCREEN_HEADERS_TIMEOUT_MS: '6000' })).toThrow(
    'expected at most SAFESCREEN_REQUEST_TIMEOUT_MS (5000)',
  );
  expect(() => parseServerConfig({ SAFESCREEN_EMBEDDED_FSYNC: 'maybe' })).toThrow(
    'SAFESCREEN_EMBEDDED_FSYNC="maybe": expected one of on, off',
  );
});

test('staff sessions, sign-in limits and the proxy setting: safe defaults, and a proxy is trusted only by its address', () => {
  expect(parseServerConfig({})).toMatchObject({
    sessionIdleMinutes: 60,
    sessionLifetimeHours: 12,
    signInsPerMinute: 30,
    trustProxy: false,
  });
  expect(parseServerConfig({ SAFESCREEN_TRUST_PROXY: '10.0.0.1, 10.1.0.0/16' }).trustProxy).toBe('10.0.0.1,10.1.0.0/16');
  expect(parseServerConfig({ SAFESCREEN_TRUST_PROXY: 'loopback' }).trustProxy).toBe('loopback');
  // "Trust everything" and hop counts would let any client name its own address.
  for (const value of ['true', '1', '*', 'proxy.example.test']) {
    expect(() => parseServerConfig({ SAFESCREEN_TRUST_PROXY: value }), value).toThrow("expected off, or the proxies' addresses");
  }
  expect(() => parseServerConfig({ SAFESCREEN_SESSION_IDLE_MINUTES: '120', SAFESCREEN_SESSION_LIFETIME_HOURS: '1' })).toThrow(
    'expected at most SAFESCREEN_SESSION_LIFETIME_HOURS in minutes (60)',
  );
});
