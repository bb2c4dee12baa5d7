import type { Alarms } from '../../../extension/adapters/alarms-browser-api.js';
import type { HttpAnswer, HttpTransport } from '../../../extension/adapters/http-transport.js';
import type { BreachRecord } from '../../../src/core/breach.js';
import { defined } from '../support/defined.js';

/** The body the upload queue posts to /api/v1/breaches. */
export interface BreachUpload {
  breaches: BreachRecord[];
  dropped?: number;
}
/** One request the server received; the body is whatever the extension sent (an enrolment or a breach upload). */
export interface ServerCall<Body = unknown> {
  url: string;
  body: Body;
  credential?: string;
}
/**
 * A scripted answer. Answers are scripted in call order, so one meant for a breach upload may read the body as one;
 * answers for other calls (enrolment) ignore it.
 */
export type ScriptedAnswer = (body: BreachUpload) => HttpAnswer;

/** A scripted reporting server: each call takes the next answer (the last one repeats). */
export class ScriptedServer {
  calls: ServerCall[] = [];
  constructor(private answers: ScriptedAnswer[]) {}
  script(answers: ScriptedAnswer[]) {
    this.answers = answers;
  }
  transport: HttpTransport = async (url, body, credential) => {
    this.calls.push({ url, body: structuredClone(body), credential });
    const next = this.answers.length > 1 ? this.answers.shift() : this.answers[0];
    return defined(next, 'a scripted answer')(body as BreachUpload);
  };
  /** The breach uploads received: their URL says their body is a `BreachUpload`. */
  breachCalls(): ServerCall<BreachUpload>[] {
    return this.calls.filter((call): call is ServerCall<BreachUpload> => call.url.endsWith('/api/v1/breaches'));
  }
}

export const json =
  (status: number, value: unknown, retryAfter: string | null = null) =>
  (): HttpAnswer => ({
    status,
    body: JSON.stringify(value),
    retryAfter,
  });
export const raw = (status: number, body: string) => (): HttpAnswer => ({ status, body, retryAfter: null });
export const enrolled = json(200, { deviceId: 'dev-1', credential: 'secret-1' });
/** The real server's answer: every record stored (or a duplicate), none rejected. */
export const storesAll = (body: BreachUpload): HttpAnswer => ({
  status: 200,
  body: JSON.stringify({ accepted: body.breaches.length, duplicates: 0, rejected: [] }),
  retryAfter: null,
});

export class FakeAlarms implements Alarms {
  scheduled = new Map<string, number>();
  private listeners = new Map<string, () => void>();
  async at(name: string, when: number) {
    this.scheduled.set(name, when);
  }
  onAlarm(name: string, listener: () => void) {
    this.listeners.set(name, listener);
  }
  fire(name: string) {
    this.listeners.get(name)?.();
  }
}
