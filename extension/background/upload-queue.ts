import { MAX_BATCH_RECORDS } from '../../src/core/breach-schema.js';
import { leadingGroup } from '../../src/core/upload-groups.js';
import { uploadOutcome } from '../../src/core/upload-outcome.js';
import { MAX_RETRY_MS, parseRetryAfter, retryDelayMs } from '../../src/core/upload-schedule.js';
import type { Alarms } from '../adapters/alarms-browser-api.js';
import type { HttpTransport } from '../adapters/http-transport.js';
import type { LocalStore } from '../adapters/local-storage-browser-api.js';
import type { UploadState } from '../shared/local-storage-items.js';
import type { BreachStore } from './breach-store.js';
import type { Enrolment } from './enrolment.js';

export const UPLOAD_ALARM = 'safescreen-upload';
/** Chromium will not fire an alarm sooner than this; shorter waits also get a timer while awake. */
const MIN_ALARM_MS = 30_000;
/**
 * A record waits this long before it is sent, so that the blocked requests of its page load are
 * counted into it first (a page's images arrive over a second or two; once sent, a count is final).
 */
export const AGGREGATION_MS = 3_000;

export interface UploadTarget {
  reportingUrl?: string;
  enrollmentToken?: string;
  groupId?: string;
}

export interface UploadQueueDeps {
  store: BreachStore;
  enrolment: Enrolment;
  transport: HttpTransport;
  alarms: Alarms;
  local: LocalStore;
  target: () => Promise<UploadTarget>;
  deviceName: string;
  now?: () => Date;
  random?: () => number;
}

/**
 * Delivers stored breaches to the reporting server in batches of up to MAX_BATCH_RECORDS. A record is marked
 * sent only after the server's 2xx; failures back off with jitter and wake the worker through an
 * alarm, so a stopped worker or a restarted browser carries on where it left off.
 */
export class UploadQueue {
  private running: Promise<void> | null = null;
  private again = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private batchSize = MAX_BATCH_RECORDS;

  constructor(private readonly deps: UploadQueueDeps) {
    deps.alarms.onAlarm(UPLOAD_ALARM, () => void this.kick());
  }

  /** Upload now (coalesced: a call during a pass runs one more pass after it). */
  kick(): Promise<void> {
    if (this.running !== null) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.pass();
        } while (this.again);
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  /** Forgets the wait from earlier failures (a new browser session may have a new network). */
  async resetBackoff(): Promise<void> {
    const state = await this.state();
    await this.deps.local.set('uploadState', { ...state, nextAttemptAt: undefined });
  }

  async state(): Promise<UploadState> {
    return (await this.deps.local.get('uploadState')) ?? { failures: 0, enrolled: false };
  }

  private async pass(): Promise<void> {
    const state = await this.state();
    if (state.nextAttemptAt && Date.parse(state.nextAttemptAt) > this.now().getTime()) return this.schedule(state);
    const { reportingUrl, enrollmentToken, groupId: policyGroupId } = await this.deps.target();
    if (!reportingUrl) return;
    const { store } = this.deps;

    for (let reEnrolled = false; ; ) {
      const { groupId, batch } = leadingGroup(await store.pending(this.batchSize, this.now().getTime() - AGGREGATION_MS));
      const dropped = await store.dropped();
      // Enrolled for the group of the records to send; with none to send, for the policy's group.
      const enrolFor = batch.length > 0 ? groupId : policyGroupId;
      const enrolled = await this.deps.enrolment.ensure(reportingUrl, enrollmentToken, enrolFor, this.deps.deviceName);
      if (!enrolled.ok) return this.failed(state, enrolled.reason, enrolled.retry ? enrolled.retryAfter : String(MAX_RETRY_MS / 1000));
      state.enrolled = true;
      if (batch.length === 0 && dropped === 0) return this.succeeded(state);
      const ids = batch.map((record) => record.id);
      const answer = await this.deps.transport(
        `${reportingUrl}/api/v1/breaches`,
        dropped > 0 ? { breaches: batch, dropped } : { breaches: batch },
        enrolled.device.credential,
      );
      const outcome = uploadOutcome(answer.status, answer.body, ids);
      switch (outcome.kind) {
        case 'stored':
          await store.markRejected(outcome.rejected);
          await store.markSent(ids.filter((id) => !outcome.rejected.has(id)));
          if (dropped > 0) await store.droppedReported(dropped);
          state.failures = 0;
          state.lastSuccessAt = this.now().toISOString();
          state.lastError = undefined;
          break;
        case 'unauthorised':
          await this.deps.enrolment.forget();
          if (reEnrolled) return this.failed(state, 'credential refused after enrolling again', null);
          reEnrolled = true;
          break;
        case 'too-large':
          if (batch.length === 1) return this.failed(state, 'the server refuses even a single record as too large', null);
          this.batchSize = Math.max(1, Math.floor(batch.length / 2));
          break;
        case 'refused':
          await store.markRejected(new Map(ids.map((id) => [id, outcome.reason])));
          break;
        case 'retry':
          return this.failed(state, outcome.reason, answer.retryAfter);
      }
    }
  }

  private async succeeded(state: UploadState): Promise<void> {
    state.failures = 0;
    state.nextAttemptAt = undefined;
    this.batchSize = MAX_BATCH_RECORDS;
    await this.deps.store.expireSent();
    await this.deps.local.set('uploadState', state);
    // Records still inside their counting window go when it closes.
    const oldest = await this.deps.store.oldestPendingAt();
    if (oldest !== undefined) {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => void this.kick(), Math.max(0, oldest + AGGREGATION_MS - this.now().getTime()) + 50);
    }
  }

  private async failed(state: UploadState, reason: string, retryAfter: string | null): Promise<void> {
    state.failures += 1;
    state.lastError = reason;
    const delay = retryDelayMs(state.failures, (this.deps.random ?? Math.random)(), parseRetryAfter(retryAfter, this.now()));
    state.nextAttemptAt = new Date(this.now().getTime() + delay).toISOString();
    await this.deps.local.set('uploadState', state);
    await this.schedule(state);
  }

  private async schedule(state: UploadState): Promise<void> {
    const due = Date.parse(state.nextAttemptAt ?? '') || this.now().getTime();
    const wait = Math.max(0, due - this.now().getTime());
    await this.deps.alarms.at(UPLOAD_ALARM, this.now().getTime() + Math.max(wait, MIN_ALARM_MS));
    if (wait < MIN_ALARM_MS) {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => void this.kick(), wait + 50);
    }
  }

  private now(): Date {
    return (this.deps.now ?? (() => new Date()))();
  }
}
