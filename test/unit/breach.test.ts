import { expect, test } from 'vitest';
import { makeBreachRecord } from '../../src/core/breach.js';

const blockAt = (url: string, resourceType: string) => ({
  id: '00000000-0000-4000-8000-000000000000',
  occurredAt: new Date('2026-11-23T10:00:00Z'),
  url,
  category: 'games',
  ruleId: 'dynamic:4011',
  rulesVersion: 'builtin-abc',
  resourceType,
  deviceId: 'device-1',
});

test('a breach record strips credentials and names the registrable domain', () => {
  const record = makeBreachRecord({ ...blockAt('http://pupil:secret@www.games.example.co.uk/play?level=2', 'sub_frame'), schoolId: 'S1' });
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
  const record = makeBreachRecord(blockAt('https://www.pupil.github.io/game', 'main_frame'));
  expect(record.registrableDomain).toBe('pupil.github.io');
});
