import type { ServerConfig } from './config.js';
import type { RateLimiter } from './rate-limiter.js';
import type { BreachPartitions } from './storage/breaches.js';
import type { Database } from './storage/database.js';

/** What the routes share: the database, the settings they need, and per-process state. */
export interface AppContext {
  db: Database;
  config: Pick<ServerConfig, 'retentionDays' | 'maxBodyBytes'>;
  partitions: BreachPartitions;
  deviceLimiter: RateLimiter;
  /** Enrolment and staff login attempts, per client address. */
  addressLimiter: RateLimiter;
  now: () => Date;
}
