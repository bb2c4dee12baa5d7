import type { Alarms } from '../../../extension/adapters/alarms-browser-api.js';
import type { HttpAnswer, HttpTransport } from '../../../extension/adapters/http-transport.js';

/** A scripted reporting server: each call takes the next answer (the last one repeats). */
export class ScriptedServer {
  calls: { url: string; body: any; credential?: string }[] = [];
  constructor(private answers: ((body: any) => HttpAnswer)[]) {}
  script(answers: ((body: any) => HttpAnswer)[]) {
    this.answers = answers;
  }
  transport: HttpTransport = async (url, body, credential) => {
    this.calls.push({ url, body: structuredClone(body), credential });
    const next = this.answers.length > 1 ? this.answers.shift()! : this.answers[0];
    return next(body);
  };
  breachCalls() {
    return this.calls.filter((call) => call.url.endsWith('/api/v1/breaches'));
  }
}

export const json = (status: number, value: unknown, retryAfter: string | null = null) => (): HttpAnswer => ({
  status,
  body: JSON.stringify(value),
  retryAfter,
});
export const raw = (status: number, body: string) => (): HttpAnswer => ({ status, body, retryAfter: null });
export const enrolled = json(200, { deviceId: 'dev-1', credential: 'secret-1' });
/** The real server's answer: every record stored (or a duplicate), none rejected. */
export const storesAll = (body: any): HttpAnswer => ({
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
