import { isIP } from 'node:net';

/**
 * Server configuration from environment variables, validated at start-up: every bad value is
 * reported at once, each with what was expected, and the server does not start.
 */
export interface ServerConfig {
  host: string;
  port: number;
  /** Embedded database directory (ignored when databaseUrl is set). */
  dataDir: string;
  databaseUrl?: string;
  databasePoolSize: number;
  retentionDays: number;
  /** Largest request body accepted, in bytes; larger gets 413 (the device halves its batch). */
  maxBodyBytes: number;
  /** Breach batches a device may send per minute (burst of the same size), then 429 with Retry-After. */
  deviceBatchesPerMinute: number;
  /** Enrolment attempts per client address per minute. */
  enrolmentsPerMinute: number;
  /** Staff sign-in attempts per client address per minute (a bucket of its own, apart from enrolment). */
  signInsPerMinute: number;
  /** A staff session unused for this long ends (cookie and bearer alike). */
  sessionIdleMinutes: number;
  /** A staff session ends this long after sign-in, however busy. */
  sessionLifetimeHours: number;
  /** Fastify's trustProxy: false, or the reverse proxies' addresses (then request.ip is the client's, from X-Forwarded-For). */
  trustProxy: false | string;
  /** Devices a school may enrol per hour (all processes together), then 429 with Retry-After. */
  enrolmentsPerSchoolPerHour: number;
  /** Breach records a device may store per UK day, then 429 until midnight. */
  recordsPerDevicePerDay: number;
  /** Bytes of breach records a school may store per UK day, then 429 until midnight. */
  bytesPerSchoolPerDay: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Embedded database: flush each commit to the disk before acknowledging it. */
  embeddedFsync: boolean;
  /** A whole request (headers and body) must arrive within this; a client trickling bytes is cut off. */
  requestTimeoutMs: number;
  /** The request headers must arrive within this (at most requestTimeoutMs). */
  headersTimeoutMs: number;
  /** A connection with no bytes moving for this long is closed. */
  idleTimeoutMs: number;
  /** An idle keep-alive connection is closed after this. */
  keepAliveTimeoutMs: number;
  /** Open connections per process; more are closed at once. */
  maxConnections: number;
  /** Demo school: 'auto' makes it only on the embedded database outside production, 'yes' always, 'no' never. */
  demo: 'auto' | 'yes' | 'no';
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`SafeScreen server configuration is not valid:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
}

/** The variables, their defaults and meaning: README's table is written from this list. */
export const CONFIG_VARIABLES = {
  SAFESCREEN_HOST: { default: '127.0.0.1', meaning: 'address to listen on; 0.0.0.0 (or ::) opens the server to the network' },
  SAFESCREEN_PORT: { default: '8787', meaning: 'TCP port (0 picks a free one)' },
  SAFESCREEN_DATA_DIR: { default: '.data', meaning: 'embedded database directory' },
  DATABASE_URL: { default: '', meaning: 'postgres:// connection string; when set, PostgreSQL is used instead of the embedded database' },
  SAFESCREEN_DB_POOL_SIZE: { default: '10', meaning: 'PostgreSQL connections per server process' },
  SAFESCREEN_RETENTION_DAYS: { default: '400', meaning: 'breaches, unblock requests and drop reports older than this are deleted' },
  SAFESCREEN_MAX_BODY_BYTES: { default: '2097152', meaning: 'largest request body; larger gets 413' },
  SAFESCREEN_DEVICE_BATCHES_PER_MINUTE: {
    default: '60',
    meaning: 'breach batches per device per minute before 429 (all processes together)',
  },
  SAFESCREEN_ENROLMENTS_PER_MINUTE: {
    default: '30',
    meaning: 'enrolment attempts per client address per minute before 429 (all processes together)',
  },
  SAFESCREEN_SIGN_INS_PER_MINUTE: {
    default: '30',
    meaning: 'staff sign-in attempts per client address per minute before 429, counted apart from enrolments (all processes together)',
  },
  SAFESCREEN_SESSION_IDLE_MINUTES: {
    default: '60',
    meaning: 'a staff session (dashboard cookie or API bearer token) unused for this long ends',
  },
  SAFESCREEN_SESSION_LIFETIME_HOURS: { default: '12', meaning: 'a staff session ends this long after sign-in, however busy' },
  SAFESCREEN_TRUST_PROXY: {
    default: 'off',
    meaning:
      "off: the client address is the connection's; behind a reverse proxy, the number of proxy hops (1) or their addresses (10.0.0.1,10.0.0.0/8), so X-Forwarded-For names the client",
  },
  SAFESCREEN_ENROLMENTS_PER_SCHOOL_PER_HOUR: {
    default: '1000',
    meaning: 'devices a school may enrol per hour before 429: room for 500 Chromebooks enrolled in one go, twice over',
  },
  SAFESCREEN_RECORDS_PER_DEVICE_PER_DAY: {
    default: '5000',
    meaning: 'breach records a device may store per UK day before 429 until midnight (a busy device records a few hundred)',
  },
  SAFESCREEN_BYTES_PER_SCHOOL_PER_DAY: {
    default: '536870912',
    meaning:
      'bytes of breach records a school may store per UK day before 429 until midnight (512 MiB; 500 busy devices store about 100 MiB)',
  },
  SAFESCREEN_LOG_LEVEL: { default: 'info', meaning: 'fatal, error, warn, info, debug, trace or silent' },
  SAFESCREEN_EMBEDDED_FSYNC: {
    default: 'on',
    meaning:
      'on: the embedded database flushes each commit to the disk before it is acknowledged; off is faster but a power cut may lose records',
  },
  SAFESCREEN_REQUEST_TIMEOUT_MS: {
    default: '30000',
    meaning: 'a whole request (headers and body) must arrive within this, else the connection is closed',
  },
  SAFESCREEN_HEADERS_TIMEOUT_MS: { default: '10000', meaning: 'the request headers must arrive within this (at most the request timeout)' },
  SAFESCREEN_IDLE_TIMEOUT_MS: { default: '30000', meaning: 'a connection with no bytes moving for this long is closed' },
  SAFESCREEN_KEEP_ALIVE_TIMEOUT_MS: { default: '5000', meaning: 'an idle keep-alive connection is closed after this' },
  SAFESCREEN_MAX_CONNECTIONS: { default: '1000', meaning: 'open connections per process; more are closed at once' },
  SAFESCREEN_DEMO: {
    default: '',
    meaning: '1 makes the demo school (or shows it), 0 never; unset: only on the embedded database and NODE_ENV not production',
  },
} as const;

type Variable = keyof typeof CONFIG_VARIABLES;
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export function parseServerConfig(env: Record<string, string | undefined>): ServerConfig {
  const problems: string[] = [];
  const raw = (name: Variable) => {
    const value = env[name]?.trim();
    return value === undefined || value === '' ? CONFIG_VARIABLES[name].default : value;
  };
  const integer = (name: Variable, min: number, max: number): number => {
    const value = raw(name);
    if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
      problems.push(`${name}=${JSON.stringify(value)}: expected a whole number from ${min} to ${max}`);
      return Number(CONFIG_VARIABLES[name].default);
    }
    return Number(value);
  };

  const choice = <T>(name: Variable, values: Record<string, T>): T => {
    const value = raw(name);
    if (Object.hasOwn(values, value)) return values[value];
    problems.push(`${name}=${JSON.stringify(value)}: expected one of ${Object.keys(values).filter(Boolean).join(', ')}`);
    return values[CONFIG_VARIABLES[name].default];
  };

  const host = raw('SAFESCREEN_HOST');
  if (!/^[\w.:-]+$/.test(host))
    problems.push(`SAFESCREEN_HOST=${JSON.stringify(host)}: expected an IP address or host name, e.g. 127.0.0.1 or 0.0.0.0`);
  const databaseUrl = raw('DATABASE_URL') || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    // Never echo the value: it may hold a password.
    problems.push('DATABASE_URL: expected a postgres:// or postgresql:// connection string');
  }
  const logLevel = raw('SAFESCREEN_LOG_LEVEL') as ServerConfig['logLevel'];
  if (!LOG_LEVELS.includes(logLevel))
    problems.push(`SAFESCREEN_LOG_LEVEL=${JSON.stringify(logLevel)}: expected one of ${LOG_LEVELS.join(', ')}`);

  const config: ServerConfig = {
    host,
    port: integer('SAFESCREEN_PORT', 0, 65535),
    dataDir: raw('SAFESCREEN_DATA_DIR'),
    databaseUrl,
    databasePoolSize: integer('SAFESCREEN_DB_POOL_SIZE', 1, 1000),
    retentionDays: integer('SAFESCREEN_RETENTION_DAYS', 1, 36500),
    maxBodyBytes: integer('SAFESCREEN_MAX_BODY_BYTES', 64 * 1024, 64 * 1024 * 1024),
    deviceBatchesPerMinute: integer('SAFESCREEN_DEVICE_BATCHES_PER_MINUTE', 1, 1_000_000),
    enrolmentsPerMinute: integer('SAFESCREEN_ENROLMENTS_PER_MINUTE', 1, 1_000_000),
    signInsPerMinute: integer('SAFESCREEN_SIGN_INS_PER_MINUTE', 1, 1_000_000),
    sessionIdleMinutes: integer('SAFESCREEN_SESSION_IDLE_MINUTES', 1, 7 * 24 * 60),
    sessionLifetimeHours: integer('SAFESCREEN_SESSION_LIFETIME_HOURS', 1, 24 * 31),
    trustProxy: trustProxySetting(raw('SAFESCREEN_TRUST_PROXY'), problems),
    enrolmentsPerSchoolPerHour: integer('SAFESCREEN_ENROLMENTS_PER_SCHOOL_PER_HOUR', 1, 1_000_000),
    recordsPerDevicePerDay: integer('SAFESCREEN_RECORDS_PER_DEVICE_PER_DAY', 1, 1_000_000_000),
    bytesPerSchoolPerDay: integer('SAFESCREEN_BYTES_PER_SCHOOL_PER_DAY', 1, Number.MAX_SAFE_INTEGER),
    logLevel,
    embeddedFsync: choice('SAFESCREEN_EMBEDDED_FSYNC', { on: true, off: false }),
    requestTimeoutMs: integer('SAFESCREEN_REQUEST_TIMEOUT_MS', 1000, 3_600_000),
    headersTimeoutMs: integer('SAFESCREEN_HEADERS_TIMEOUT_MS', 1000, 3_600_000),
    idleTimeoutMs: integer('SAFESCREEN_IDLE_TIMEOUT_MS', 1000, 3_600_000),
    keepAliveTimeoutMs: integer('SAFESCREEN_KEEP_ALIVE_TIMEOUT_MS', 1000, 3_600_000),
    maxConnections: integer('SAFESCREEN_MAX_CONNECTIONS', 1, 1_000_000),
    demo: choice('SAFESCREEN_DEMO', { '': 'auto', '1': 'yes', '0': 'no' } as const),
  };
  if (config.sessionIdleMinutes > config.sessionLifetimeHours * 60) {
    problems.push(
      `SAFESCREEN_SESSION_IDLE_MINUTES=${config.sessionIdleMinutes}: expected at most SAFESCREEN_SESSION_LIFETIME_HOURS in minutes (${config.sessionLifetimeHours * 60})`,
    );
  }
  if (config.headersTimeoutMs > config.requestTimeoutMs) {
    problems.push(
      `SAFESCREEN_HEADERS_TIMEOUT_MS=${config.headersTimeoutMs}: expected at most SAFESCREEN_REQUEST_TIMEOUT_MS (${config.requestTimeoutMs})`,
    );
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];
const isProxyAddress = (value: string) => {
  const [address, prefix, ...rest] = value.split('/');
  const family = isIP(address);
  return (
    PROXY_NAMES.includes(value) ||
    (family !== 0 &&
      rest.length === 0 &&
      (prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128))))
  );
};

/**
 * Off, or a comma-separated list of the reverse proxies' addresses (CIDR, or proxy-addr's names
 * loopback, linklocal, uniquelocal). Never "trust every hop" nor a hop count: then any client could
 * name its own address in X-Forwarded-For and escape the sign-in limits.
 */
function trustProxySetting(value: string, problems: string[]): ServerConfig['trustProxy'] {
  if (value === 'off') return false;
  const addresses = value.split(',').map((part) => part.trim());
  if (addresses.every(isProxyAddress)) return addresses.join(',');
  problems.push(
    `SAFESCREEN_TRUST_PROXY=${JSON.stringify(value)}: expected off, or the proxies' addresses such as 10.0.0.1,10.0.0.0/8 or loopback`,
  );
  return false;
}
