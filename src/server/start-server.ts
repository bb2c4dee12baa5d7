import type { AddressInfo } from 'node:net';
import type { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import type { AppContext } from './app-context.js';
import { parseServerConfig, type ServerConfig } from './config.js';
import { enforceRetention, scheduleRetention } from './retention-job.js';
import { BreachPartitions } from './storage/breaches.js';
import type { Database } from './storage/database.js';
import { openDatabase } from './storage/open-database.js';
import type { ExpiryResult } from './storage/retention.js';
import { createSchool, type NewSchool } from './storage/schools.js';
import { createStaffUser, type StaffRole } from './storage/staff.js';

export interface StartServerOptions extends Partial<Omit<ServerConfig, 'dataDir'>> {
  /** Embedded database directory. With neither this nor databaseUrl, the database is in memory. */
  dataDir?: string;
  /** Run the hourly retention job (default true). */
  retentionJob?: boolean;
  /** The clock, for tests of dates and retention. */
  now?: () => Date;
  /** Where the log goes (default standard output). */
  logStream?: Writable;
}

export interface RunningServer {
  /** Base URL, e.g. http://127.0.0.1:41234 — what the managed policy's reportingUrl names. */
  url: string;
  app: FastifyInstance;
  db: Database;
  createSchool(school?: Partial<NewSchool>): Promise<{ schoolId: string; enrollmentToken: string }>;
  createStaffUser(user: {
    schoolId: string;
    email: string;
    role: StaffRole;
    password: string;
    displayName?: string;
    groups?: string[];
  }): Promise<number>;
  enforceRetention(): Promise<ExpiryResult>;
  close(): Promise<void>;
}

/**
 * Starts the reporting server: opens (and migrates) the database, listens, schedules retention.
 * Options override the environment-free defaults of config.ts; `port: 0` picks a free port.
 *
 *   const server = await startServer({ port: 0, dataDir });
 *   const { schoolId, enrollmentToken } = await server.createSchool({ name: 'Oak Primary' });
 */
export async function startServer(options: StartServerOptions = {}): Promise<RunningServer> {
  const defaults = parseServerConfig({});
  const config = { ...defaults, logLevel: 'warn' as const, ...definedOnly(options) };
  const db = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: options.dataDir,
    poolSize: config.databasePoolSize,
    embeddedFsync: config.embeddedFsync,
  });
  const ctx: AppContext = {
    db,
    config,
    partitions: new BreachPartitions(),
    now: options.now ?? (() => new Date()),
  };
  let app: FastifyInstance;
  try {
    app = await buildApp(ctx, {
      logLevel: config.logLevel,
      logStream: options.logStream,
      connections: config,
      trustProxy: config.trustProxy,
    });
    await app.listen({ host: config.host, port: config.port });
  } catch (error) {
    await db.close();
    throw error;
  }
  const stopRetention = options.retentionJob === false ? async () => {} : scheduleRetention(ctx, app.log);
  const address = app.server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    app,
    db,
    createSchool: (school = {}) => createSchool(db, { id: school.id, name: school.name ?? 'Test School' }),
    createStaffUser: (user) => createStaffUser(db, { displayName: user.email, ...user }),
    enforceRetention: () => enforceRetention(ctx),
    async close() {
      await stopRetention();
      await app.close();
      await db.close();
    },
  };
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
