import type { FastifyInstance } from 'fastify';
import {
  BREACH_BATCH_ANSWER_SCHEMA,
  BREACH_BATCH_SCHEMA,
  type BreachBatchAnswer,
  errorAnswers,
  MAX_BATCH_RECORDS,
} from '../../core/breach-schema.js';
import type { AppContext } from '../app-context.js';
import { authenticatedDevice, deviceAuth } from '../auth/device-auth.js';
import { groupRefusal } from '../group-binding.js';
import { quotaRefusal, storedBytes } from '../ingest-quota.js';
import { judgeBreach } from '../judge-breach.js';
import { replyRateLimited } from '../rate-limited-reply.js';
import { insertBreaches, type StorableBreach } from '../storage/breaches.js';
import { recordDropped, touchDevice } from '../storage/devices.js';
import { addUsage, usageToday } from '../storage/ingest-usage.js';

/**
 * Breach batches from enrolled devices. The answer comes only after the records are committed, so
 * an acknowledged record survives a crash; a replayed id (from an earlier batch or this one, whatever
 * its other fields) is counted as a duplicate and stored once. Daily quotas (records per device,
 * bytes per school) are counted in the database, in the transaction that stores the records, so
 * they hold across server processes.
 */
export function ingestBreachesRoute(app: FastifyInstance, ctx: AppContext): void {
  app.post(
    '/api/v1/breaches',
    {
      schema: {
        summary: `Deliver a batch of breach records (at most ${MAX_BATCH_RECORDS}); each record is judged on its own`,
        tags: ['device'],
        security: [{ deviceCredential: [] }],
        body: BREACH_BATCH_SCHEMA,
        response: {
          200: BREACH_BATCH_ANSWER_SCHEMA,
          ...errorAnswers(400, 401, 413, 429),
        },
      },
      onRequest: deviceAuth(ctx),
      // The handler tells "too many records" (413: the device halves its batch) from a malformed body (400).
      attachValidation: true,
    },
    async (request, reply): Promise<BreachBatchAnswer | undefined> => {
      if (request.validationError) {
        const tooMany = request.validationError.validation.some(
          (issue: { keyword: string; instancePath: string }) => issue.keyword === 'maxItems' && issue.instancePath === '/breaches',
        );
        if (tooMany) return reply.code(413).send({ error: 'too large', reason: `at most ${MAX_BATCH_RECORDS} records per batch` });
        return reply.code(400).send({ error: 'bad request', reason: request.validationError.message });
      }
      const device = authenticatedDevice(request);
      const usage = await usageToday(ctx.db, device);
      const overQuota = quotaRefusal(usage, ctx.config);
      if (overQuota) return replyRateLimited(reply, usage.secondsLeft, overQuota);
      const { breaches, dropped } = request.body as { breaches: unknown[]; dropped?: number };
      const now = ctx.now();
      const good: StorableBreach[] = [];
      const rejected: BreachBatchAnswer['rejected'] = [];
      for (const [index, candidate] of breaches.entries()) {
        const judgement = judgeBreach(candidate, index, now, ctx.config.retentionDays);
        if (!judgement.ok) {
          rejected.push({ id: judgement.id, reason: judgement.reason });
          continue;
        }
        const refusal = groupRefusal(device, judgement.record);
        if (refusal) rejected.push({ id: judgement.record.id, reason: refusal });
        else good.push(judgement.record);
      }
      const stored = await ctx.db.transaction(async (tx) => {
        const inserted = await insertBreaches(tx, ctx.partitions, device, good);
        const bytes = good.reduce((sum, record) => (inserted.has(record.id) ? sum + storedBytes(record) : sum), 0);
        await addUsage(tx, device, usage.day, inserted.size, bytes);
        if (dropped) await recordDropped(tx, device, dropped);
        return inserted.size;
      });
      await touchDevice(ctx.db, device.deviceId).catch((error: unknown) => request.log.warn({ err: error }, 'could not mark device seen'));
      return { accepted: stored, duplicates: good.length - stored, rejected };
    },
  );
}
