import { expect, test } from 'vitest';
import { makeBreachRecord } from '../../src/core/breach.js';

test('a breach record strips credentials and names the registrable domain', () => {
  const record = makeBreachRecord({
    id: '00000000-0000-4000-8000-000000000000',
    occurredAt: new Date('2026-11-23T10:00:00Z'),
    url: 'http://pupil:secret@www.games.example.co.uk/play?level=2',
    category: 'games',
    ruleId: 'dynamic:4011',
    rulesVersion: 'builtin-abc',
    resourceType: 'sub_frame',
    schoolId: 'S1',
    deviceId: 'device-1',
  });
  expect(record).toEqual({
    id: '00000000-0000-4000-8000-000000000000',
    occurredAt: '2026-11-23T10:00:00.000Z',
    url: 'http://www.games.example.co.uk/play?level=2',
    host: 'www.games.example.co.uk',
    registrableDomain: 'example.co.uk',
    category: 'games',
    ruleId: 'dynamic:4011',
    rulesVersion: 'builtin-abc',
    resourceType: 'sub_frame',
    count: 1,
    schoolId: 'S1',
    deviceId: 'device-1',
  });
});

test('a breach record reads the Public Suffix List as the lists do: a github.io site is its own registrable domain', () => {
  const record = makeBreachRecord({
    id: '00000000-0000-4000-8000-000000000001',
    occurredAt: new Date('2026-11-23T10:00:00Z'),
    url: 'https://www.pupil.github.io/game',
    category: 'games',
    ruleId: 'dynamic:4011',
    rulesVersion: 'builtin-abc',
    resourceType: 'main_frame',
    deviceId: 'device-1',
  });
  expect(record.registrableDomain).toBe('pupil.github.io');
});
