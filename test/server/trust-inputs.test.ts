import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type RunningServer, startServer } from '../../src/server/start-server.js';
import { getJson, type LoginAnswer, postJson } from './support/breaches.js';
import { BACKENDS, databaseFor } from './support/databases.js';

describe.each(BACKENDS)('personal data and NUL characters on %s', (backend) => {
  let server: RunningServer;
  const log: string[] = [];
  let token: string;
  beforeAll(async () => {
    const logStream = new Writable({
      write(chunk, _encoding, done) {
        log.push(String(chunk));
        done();
      },
    });
    server = await startServer({ port: 0, retentionJob: false, logLevel: 'info', logStream, ...(await databaseFor(backend)) });
    const { schoolId } = await server.createSchool();
    await server.createStaffUser({ schoolId, email: 'dsl@school.test', role: 'dsl', password: 'correct horse battery' });
    token = (
      await postJson<LoginAnswer>(`${server.url}/api/v1/staff/login`, { email: 'dsl@school.test', password: 'correct horse battery' })
    ).json.token;
  });
  afterAll(() => server.close());

  test('a NUL character in the staff login email is a 400, not a 500', async () => {
    const answer = await postJson(`${server.url}/api/v1/staff/login`, { email: 'dsl\u0000@school.test', password: 'x' });
    expect(answer.status).toBe(400);
  });

  test('a NUL character in a class id is a 400, not a 500', async () => {
    const answer = await getJson(`${server.url}/api/v1/groups/Y4%00Oak/summary`, token);
    expect(answer.status).toBe(400);
  });

  test("a pupil's email in the subject-access export's query string never reaches the request log", async () => {
    // The export is NDJSON, read as text.
    const answer = await fetch(`${server.url}/api/v1/subject-access/export?user=pupil.one%40school.test`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(answer.status).toBe(200);
    await answer.text();
    const lines = log.join('');
    expect(lines).toContain('/api/v1/subject-access/export');
    expect(lines).not.toContain('pupil.one');
  });
});
