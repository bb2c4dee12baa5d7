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
  /** Enrolment and staff log-in attempts per client address per minute. */
  enrolmentsPerMinute: number;
  /** Devices a school may enrol per hour (all processes together), then 429 with Retry-After. */
  enrolmentsPerSchoolPerHour: number;
  /** Breach records a device may store per UK day, then 429 until midnight. */
  recordsPerDevicePerDay: number;
  /** Bytes of breach records a school may store per UK day, then 429 until midnight. */
  bytesPerSchoolPerDay: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
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
    meaning: 'enrolment and staff log-in attempts per client address per minute before 429 (all processes together)',
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
    enrolmentsPerSchoolPerHour: integer('SAFESCREEN_ENROLMENTS_PER_SCHOOL_PER_HOUR', 1, 1_000_000),
    recordsPerDevicePerDay: integer('SAFESCREEN_RECORDS_PER_DEVICE_PER_DAY', 1, 1_000_000_000),
    bytesPerSchoolPerDay: integer('SAFESCREEN_BYTES_PER_SCHOOL_PER_DAY', 1, Number.MAX_SAFE_INTEGER),
    logLevel,
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
