import { makeBreachRecord } from '../../../src/core/breach.js';

let counter = 0;
/** A valid breach record; each call without `n` gets the next id, URL and time. */
export function breach(n = counter++) {
  return makeBreachRecord({
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    occurredAt: new Date(1_700_000_000_000 + n),
    url: `http://h${n}.gambling-sample.test/`,
    category: 'gambling',
    ruleId: 'dynamic:4005',
    rulesVersion: 'builtin-test',
    resourceType: 'main_frame',
    deviceId: 'device-1',
  });
}
