import type { ServerConfig } from './config.js';
import type { BreachPartitions } from './storage/breaches.js';
import type { Database } from './storage/database.js';

/** What the routes share: the database, the settings they need, and per-process state. */
export interface AppContext {
  db: Database;
  config: Pick<
    ServerConfig,
    | 'retentionDays'
    | 'maxBodyBytes'
    | 'deviceBatchesPerMinute'
    | 'enrolmentsPerMinute'
    | 'signInsPerMinute'
    | 'sessionIdleMinutes'
    | 'sessionLifetimeHours'
    | 'enrolmentsPerSchoolPerHour'
    | 'recordsPerDevicePerDay'
    | 'bytesPerSchoolPerDay'
  >;
  partitions: BreachPartitions;
  now: () => Date;
}
