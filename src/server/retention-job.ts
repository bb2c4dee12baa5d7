import type { FastifyBaseLogger } from 'fastify';
import type { AppContext } from './app-context.js';
import { audit } from './storage/audit-log.js';
import { forgetOldUsage } from './storage/ingest-usage.js';
import { forgetIdleBuckets } from './storage/rate-limits.js';
import { type ExpiryResult, expireBefore } from './storage/retention.js';
import { forgetOldSignInFailures } from './storage/sign-in-failures.js';

const HOUR_MS = 3_600_000;

/** Deletes what is older than the retention period, and writes what it removed to the audit log. */
export async function enforceRetention(ctx: AppContext): Promise<ExpiryResult> {
  const cutoff = new Date(ctx.now().getTime() - ctx.config.retentionDays * 86_400_000);
  const result = await expireBefore(ctx.db, ctx.partitions, cutoff);
  // Counters, not personal data: forgotten quietly.
  await forgetOldUsage(ctx.db);
  await forgetIdleBuckets(ctx.db);
  await forgetOldSignInFailures(ctx.db, ctx.now());
  if (result.droppedPartitions.length > 0 || result.deletedBreaches > 0 || result.deletedOther > 0) {
    await audit(ctx.db, { schoolId: null, actor: null, action: 'retention.expire', detail: { cutoff: cutoff.toISOString(), ...result } });
  }
  return result;
}

/** Runs retention at start and then hourly; returns the function that stops it. */
export function scheduleRetention(ctx: AppContext, log: FastifyBaseLogger): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  const run = () => {
    running = enforceRetention(ctx).catch((error: unknown) => log.error({ err: error }, 'retention job failed'));
  };
  run();
  const timer = setInterval(run, HOUR_MS);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
