import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type RunningServer, startServer } from '../../src/server/start-server.js';
import { auditTrail } from '../../src/server/storage/audit-log.js';
import type { SchoolClass } from '../../src/server/storage/classes.js';
import { BACKENDS, databaseFor } from './support/databases.js';
import { call, twoSchools } from './support/school-structure.js';

describe.each(BACKENDS)('classes, year groups and their teachers on %s', (backend) => {
  let server: RunningServer;
  let tokens: Record<string, string>;
  let staffIds: Record<string, number>;
  const oakTech = () => tokens['technician@oak.test'];
  const elmTech = () => tokens['technician@elm.test'];
  const actions = async (schoolId: string) =>
    (await auditTrail(server.db, schoolId)).map((row) => `${row.action} ${row.target ?? ''}`.trim());

  beforeAll(async () => {
    server = await startServer({ port: 0, ...(await databaseFor(backend)), retentionJob: false });
    ({ tokens, staffIds } = await twoSchools(server));
  });
  afterAll(() => server?.close());

  test('a technician adds a class with its key stage and year group, and it is listed with no teachers yet', async () => {
    const created = await call<SchoolClass>(server, 'POST', '/api/v1/school/classes', oakTech(), {
      id: ' Y4-Oak ',
      name: 'Oak class',
      keyStage: 'KS2',
      yearGroup: 'Year 4',
    });
    expect(created.status).toBe(201);
    expect(created.json).toEqual({
      id: 'Y4-Oak',
      name: 'Oak class',
      keyStage: 'KS2',
      yearGroup: 'Year 4',
      archived: false,
      teachers: [],
      pupils: 0,
      devices: 0,
    });
    const listed = await call<{ classes: SchoolClass[] }>(server, 'GET', '/api/v1/school/classes', oakTech());
    expect(listed.json.classes.map((c) => c.id)).toEqual(['Y4-Oak']);
    expect(await actions('oak')).toContain('class.create Y4-Oak');
  });

  test('a class id the policy would not read, an unknown key stage or a bidi name is refused with the reason', async () => {
    const post = (body: object) => call(server, 'POST', '/api/v1/school/classes', oakTech(), body);
    expect((await post({ id: 'x'.repeat(65) })).json).toEqual({ error: 'bad request', reason: 'class id is longer than 64 characters' });
    expect((await post({ id: 'Y4\tOak' })).json).toMatchObject({ reason: 'class id contains control characters' });
    expect((await post({ id: 'Y5', keyStage: 'KS9' })).status).toBe(400);
    expect((await post({ id: 'Y5', name: 'Ash\u202Ekcab' })).json).toMatchObject({
      reason: expect.stringContaining('text-direction control'),
    });
    expect((await post({ id: 'Y4-Oak' })).json).toEqual({ error: 'conflict', reason: 'the school already has the class "Y4-Oak"' });
    expect((await post({ id: 'y4-oak' })).json).toMatchObject({ error: 'conflict', reason: expect.stringContaining('only in capitals') });
    const listed = await call<{ classes: SchoolClass[] }>(server, 'GET', '/api/v1/school/classes', oakTech());
    expect(listed.json.classes.map((c) => c.id)).toEqual(['Y4-Oak']);
  });

  test('teachers, DSLs, other schools and callers without a session cannot read or change the structure', async () => {
    for (const email of ['teacher@oak.test', 'dsl@oak.test']) {
      expect((await call(server, 'GET', '/api/v1/school/classes', tokens[email])).status).toBe(403);
      expect((await call(server, 'POST', '/api/v1/school/classes', tokens[email], { id: 'Sneaky' })).status).toBe(403);
      expect((await call(server, 'PATCH', '/api/v1/school/classes/Y4-Oak', tokens[email], { name: 'Mine' })).status).toBe(403);
      expect((await call(server, 'PUT', '/api/v1/school/classes/Y4-Oak/teachers', tokens[email], { staffIds: [] })).status).toBe(403);
      expect(
        (await call(server, 'POST', '/api/v1/school/roster-import/apply', tokens[email], { csv: 'Name,Email\nA,a@b.test\n' })).status,
      ).toBe(403);
      expect((await call(server, 'GET', '/api/v1/school', tokens[email])).status).toBe(403);
    }
    expect((await call(server, 'GET', '/api/v1/school/classes', undefined)).status).toBe(401);
    // Elm's technician sees Elm's classes only, and Oak's class is not found for them.
    expect((await call<{ classes: SchoolClass[] }>(server, 'GET', '/api/v1/school/classes', elmTech())).json.classes).toEqual([]);
    expect((await call(server, 'PATCH', '/api/v1/school/classes/Y4-Oak', elmTech(), { name: 'Taken over' })).status).toBe(404);
    expect((await call(server, 'PUT', '/api/v1/school/classes/Y4-Oak/teachers', elmTech(), { staffIds: [] })).status).toBe(404);
    const oak = await call<{ classes: SchoolClass[] }>(server, 'GET', '/api/v1/school/classes', oakTech());
    expect(oak.json.classes[0]?.name).toBe('Oak class');
  });

  test('the same class id in two schools is two classes: renaming one leaves the other', async () => {
    await call(server, 'POST', '/api/v1/school/classes', elmTech(), { id: 'Y4-Oak', name: 'Elm Y4' });
    const renamed = await call<SchoolClass>(server, 'PATCH', '/api/v1/school/classes/Y4-Oak', oakTech(), {
      name: 'Oak Y4',
      keyStage: null,
    });
    expect(renamed.json).toMatchObject({ name: 'Oak Y4', keyStage: null, yearGroup: 'Year 4' });
    const elm = await call<{ classes: SchoolClass[] }>(server, 'GET', '/api/v1/school/classes', elmTech());
    expect(elm.json.classes.map((c) => c.name)).toEqual(['Elm Y4']);
    const trail = (await auditTrail(server.db, 'oak')).filter((row) => row.action === 'class.update');
    expect(trail.map((row) => row.detail)).toEqual([{ name: 'Oak Y4', keyStage: null }]);
  });

  test("a class's teachers are set to exactly the teachers given, and another school's staff id is refused", async () => {
    const url = '/api/v1/school/classes/Y4-Oak/teachers';
    const teacher = staffIds['teacher@oak.test'];
    const assigned = await call<SchoolClass>(server, 'PUT', url, oakTech(), { staffIds: [teacher, teacher] });
    expect(assigned.json.teachers).toEqual([{ staffId: teacher, email: 'teacher@oak.test', displayName: 'teacher of oak' }]);
    for (const other of [staffIds['teacher@elm.test'], staffIds['dsl@oak.test'], 999_999]) {
      const refused = await call(server, 'PUT', url, oakTech(), { staffIds: [teacher, other] });
      expect(refused).toEqual({ status: 400, json: { error: 'bad request', reason: `not a teacher at your school: staff ${other}` } });
    }
    const teachers = await call<{ teachers: { email: string; classes: string[] }[] }>(server, 'GET', '/api/v1/school/teachers', oakTech());
    expect(teachers.json.teachers).toEqual([expect.objectContaining({ email: 'teacher@oak.test', classes: ['Y4-Oak'] })]);
    expect((await call<SchoolClass>(server, 'PUT', url, oakTech(), { staffIds: [] })).json.teachers).toEqual([]);
    const trail = (await auditTrail(server.db, 'oak')).filter((row) => row.action === 'class.teachers');
    expect(trail.map((row) => row.detail)).toEqual([
      { added: ['teacher@oak.test'], removed: [] },
      { added: [], removed: ['teacher@oak.test'] },
    ]);
  });

  test('an archived class leaves the list, cannot be given teachers, and comes back when restored', async () => {
    await call(server, 'PATCH', '/api/v1/school/classes/Y4-Oak', oakTech(), { archived: true });
    expect((await call<{ classes: SchoolClass[] }>(server, 'GET', '/api/v1/school/classes', oakTech())).json.classes).toEqual([]);
    const all = await call<{ classes: SchoolClass[] }>(server, 'GET', '/api/v1/school/classes?archived=include', oakTech());
    expect(all.json.classes.map((c) => [c.id, c.archived])).toEqual([['Y4-Oak', true]]);
    const refused = await call(server, 'PUT', '/api/v1/school/classes/Y4-Oak/teachers', oakTech(), {
      staffIds: [staffIds['teacher@oak.test']],
    });
    expect(refused.status).toBe(409);
    await call(server, 'PATCH', '/api/v1/school/classes/Y4-Oak', oakTech(), { archived: false });
    expect((await call<{ classes: SchoolClass[] }>(server, 'GET', '/api/v1/school/classes', oakTech())).json.classes).toHaveLength(1);
    expect((await actions('oak')).filter((a) => /archive|restore/.test(a))).toEqual(['class.archive Y4-Oak', 'class.restore Y4-Oak']);
  });

  test('a class id with a slash or a space is reached through its encoded URL', async () => {
    await call(server, 'POST', '/api/v1/school/classes', oakTech(), { id: 'Reception/Elm Room' });
    const renamed = await call<SchoolClass>(
      server,
      'PATCH',
      `/api/v1/school/classes/${encodeURIComponent('Reception/Elm Room')}`,
      oakTech(),
      {
        keyStage: 'EYFS',
      },
    );
    expect(renamed.json).toMatchObject({ id: 'Reception/Elm Room', keyStage: 'EYFS' });
  });

  test("the school overview counts what the school has and gives the enrolment token's dates, never the token", async () => {
    const overview = await call<Record<string, unknown>>(server, 'GET', '/api/v1/school', oakTech());
    expect(overview.status).toBe(200);
    expect(overview.json).toMatchObject({
      schoolId: 'oak',
      name: 'oak Primary',
      timeZone: 'Europe/London',
      teachers: 1,
      classes: 2,
      devices: { enrolled: 0, seenLastWeek: 0, withoutClass: 0 },
      enrolmentToken: { expired: false, createdAt: expect.any(String), expiresAt: expect.any(String) },
    });
    expect(JSON.stringify(overview.json)).not.toMatch(/sse_/);
  });

  test('the OpenAPI document describes the school-structure routes', async () => {
    const document = await call<{ paths: Record<string, Record<string, unknown>> }>(server, 'GET', '/api/v1/openapi.json', undefined);
    expect(Object.keys(document.json.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/school',
        '/api/v1/school/classes',
        '/api/v1/school/classes/{classId}',
        '/api/v1/school/classes/{classId}/teachers',
        '/api/v1/school/teachers',
        '/api/v1/school/roster-import/preview',
        '/api/v1/school/roster-import/apply',
      ]),
    );
  });
});
