import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { RosterPlan } from '../../src/core/roster-plan.js';
import { type RunningServer, startServer } from '../../src/server/start-server.js';
import { auditTrail } from '../../src/server/storage/audit-log.js';
import { applyRosterPlan } from '../../src/server/storage/roster.js';
import { BACKENDS, databaseFor } from './support/databases.js';
import { call, twoSchools } from './support/school-structure.js';

interface ImportAnswer {
  ok: boolean;
  applied: boolean;
  plan?: RosterPlan;
  problems?: { line?: number; reason: string }[];
  problemCount?: number;
  preview: { header: string[]; mapping: Record<string, number>; sample: { line: number; cells: string[] }[] } | null;
}

// As an MIS writes it: a byte-order mark, CRLF, a quoted name with a comma, semicolon-free.
const PUPILS = [
  '\uFEFFLegal Surname,Legal Forename,Email Address,Reg Group,Key Stage,Year',
  'Smith,Ann,ann@oak.test,Y4-Oak,KS2,Year 4',
  '"O\'Neil, Jr",Bo,bo@oak.test,Y4-Oak,KS2,Year 4',
  'Khan,Cy,cy@oak.test,Y5-Ash,KS2,Year 5',
  '"=HYPERLINK(""http://evil.test"")",Dee,dee@oak.test,Y5-Ash,,',
].join('\r\n');
const TEACHERS = 'Name;Email;Class\r\nMs Oak;ms.oak@oak.test;Y4-Oak\r\nMs Oak;ms.oak@oak.test;Y5-Ash\r\nMr Ash;mr.ash@oak.test;Y5-Ash\r\n';

describe.each(BACKENDS)('the CSV import on %s', (backend) => {
  let server: RunningServer;
  let tokens: Record<string, string>;
  const tech = () => tokens['technician@oak.test'];
  const preview = (body: object) => call<ImportAnswer>(server, 'POST', '/api/v1/school/roster-import/preview', tech(), body);
  const apply = (body: object) => call<ImportAnswer>(server, 'POST', '/api/v1/school/roster-import/apply', tech(), body);
  /** Everything an import can change, for comparing before and after. */
  const snapshot = async () => ({
    classes: await server.db.query(
      "SELECT school_id, id, name, key_stage, year_group, archived_at FROM groups WHERE school_id = 'oak' ORDER BY id",
    ),
    staff: await server.db.query(
      "SELECT email, display_name, role, password_hash IS NULL AS no_password FROM staff_users WHERE school_id = 'oak' ORDER BY email",
    ),
    links: await server.db.query(
      "SELECT u.email, sg.group_id FROM staff_groups sg JOIN staff_users u ON u.id = sg.staff_id WHERE sg.school_id = 'oak' ORDER BY 1, 2",
    ),
    pupils: await server.db.query("SELECT email, display_name, group_id FROM pupils WHERE school_id = 'oak' ORDER BY email"),
  });

  beforeAll(async () => {
    server = await startServer({ port: 0, ...(await databaseFor(backend)), retentionJob: false });
    ({ tokens } = await twoSchools(server));
  });
  afterAll(() => server?.close());

  test('a file with one bad row imports nothing and names the line and the reason', async () => {
    const before = await snapshot();
    const bad = `${PUPILS}\r\nEve,Evans,eve@,Y5-Ash,KS2,Year 5\r\n`;
    const answer = await apply({ csv: bad, fileName: 'pupils.csv' });
    expect(answer.status).toBe(422);
    expect(answer.json).toMatchObject({
      ok: false,
      applied: false,
      problems: [{ line: 6, reason: 'email "eve@" is not an email address' }],
      problemCount: 1,
    });
    expect(await snapshot()).toEqual(before);
    expect((await auditTrail(server.db, 'oak')).filter((row) => row.action === 'roster.import')).toEqual([]);
  });

  test('the preview shows the guessed mapping, the first rows and the plan, and changes nothing', async () => {
    const before = await snapshot();
    const answer = await preview({ csv: PUPILS });
    expect(answer.status).toBe(200);
    expect(answer.json.preview?.mapping).toEqual({ lastName: 0, firstName: 1, email: 2, class: 3, keyStage: 4, yearGroup: 5 });
    expect(answer.json.preview?.sample[0]).toEqual({ line: 2, cells: ['Smith', 'Ann', 'ann@oak.test', 'Y4-Oak', 'KS2', 'Year 4'] });
    expect(answer.json.plan?.classes.create).toEqual([
      { id: 'Y4-Oak', keyStage: 'KS2', yearGroup: 'Year 4' },
      { id: 'Y5-Ash', keyStage: 'KS2', yearGroup: 'Year 5' },
    ]);
    expect(answer.json.plan?.pupils.create).toHaveLength(4);
    expect(await snapshot()).toEqual(before);
  });

  test('the fixed file imports classes and pupils whole, formula-looking names kept as text', async () => {
    const answer = await apply({ csv: PUPILS, fileName: 'pupils.csv' });
    expect(answer.status).toBe(200);
    expect(answer.json.applied).toBe(true);
    const after = await snapshot();
    expect(after.classes.map((c) => [c.id, c.key_stage, c.year_group])).toEqual([
      ['Y4-Oak', 'KS2', 'Year 4'],
      ['Y5-Ash', 'KS2', 'Year 5'],
    ]);
    expect(after.pupils).toEqual([
      { email: 'ann@oak.test', display_name: 'Ann Smith', group_id: 'Y4-Oak' },
      { email: 'bo@oak.test', display_name: "Bo O'Neil, Jr", group_id: 'Y4-Oak' },
      { email: 'cy@oak.test', display_name: 'Cy Khan', group_id: 'Y5-Ash' },
      { email: 'dee@oak.test', display_name: 'Dee =HYPERLINK("http://evil.test")', group_id: 'Y5-Ash' },
    ]);
    const [entry] = (await auditTrail(server.db, 'oak')).filter((row) => row.action === 'roster.import');
    expect(entry).toMatchObject({
      actor: 'technician@oak.test',
      target: 'pupils.csv',
      detail: { rows: 4, classesCreated: ['Y4-Oak', 'Y5-Ash'], pupilsCreated: 4, pupilsUpdated: 0 },
    });
    // Pupils are counted in the audit log, never named there.
    expect(JSON.stringify(entry?.detail)).not.toContain('ann@oak.test');
  });

  test('importing the same file again changes nothing', async () => {
    const before = await snapshot();
    const answer = await apply({ csv: PUPILS });
    expect(answer.json.plan).toMatchObject({
      classes: { create: [], update: [], restore: [] },
      pupils: { create: [], update: [], unchanged: 4 },
    });
    expect(await snapshot()).toEqual(before);
  });

  test('teachers are created without a password, with the classes their rows name, from a semicolon file', async () => {
    const answer = await apply({ csv: TEACHERS, defaultRole: 'teacher', allowNewClasses: false });
    expect(answer.status).toBe(200);
    const after = await snapshot();
    expect(after.staff.filter((s) => String(s.email).includes('.'))).toEqual(
      expect.arrayContaining([
        { email: 'mr.ash@oak.test', display_name: 'Mr Ash', role: 'teacher', no_password: true },
        { email: 'ms.oak@oak.test', display_name: 'Ms Oak', role: 'teacher', no_password: true },
      ]),
    );
    expect(after.links).toEqual([
      { email: 'mr.ash@oak.test', group_id: 'Y5-Ash' },
      { email: 'ms.oak@oak.test', group_id: 'Y4-Oak' },
      { email: 'ms.oak@oak.test', group_id: 'Y5-Ash' },
    ]);
    const again = await apply({ csv: TEACHERS, defaultRole: 'teacher' });
    expect(again.json.plan?.teachers).toEqual({ create: [], update: [], unchanged: 2 });
    expect(await snapshot()).toEqual(after);
  });

  test("a teacher's classes follow the file: a class left out of their rows is no longer theirs", async () => {
    const moved = 'Name,Email,Class\nMs Oak,ms.oak@oak.test,Y5-Ash\n';
    const answer = await apply({ csv: moved, defaultRole: 'teacher' });
    expect(answer.json.plan?.teachers.update).toEqual([{ line: 2, email: 'ms.oak@oak.test', displayName: 'Ms Oak', classes: ['Y5-Ash'] }]);
    expect((await snapshot()).links.filter((l) => l.email === 'ms.oak@oak.test')).toEqual([
      { email: 'ms.oak@oak.test', group_id: 'Y5-Ash' },
    ]);
  });

  test("another school's staff email, or an explicit mapping to a column the file lacks, is refused and nothing changes", async () => {
    const before = await snapshot();
    const taken = await apply({ csv: 'Name,Email,Class\nNew,new@oak.test,Y6-Elm\nSpy,teacher@elm.test,Y4-Oak\n', defaultRole: 'teacher' });
    expect(taken.json.problems).toEqual([
      { line: 3, reason: '"teacher@elm.test" already signs in to another school: a staff email belongs to one school' },
    ]);
    const mapped = await apply({ csv: PUPILS, mapping: { name: 'Full Name', email: 'Email Address' } });
    expect(mapped.json.problems).toEqual([{ reason: 'name: the file has no column "Full Name"' }]);
    expect(await snapshot()).toEqual(before);
  });

  test('a write that fails part-way through an import leaves nothing of it behind', async () => {
    const before = await snapshot();
    // Passes the checks, then fails at the last statement: the class it names does not exist.
    const plan: RosterPlan = {
      rows: 3,
      classes: { create: [{ id: 'Y6-Elm' }], update: [], restore: [] },
      teachers: { create: [{ line: 2, email: 'half@oak.test', displayName: 'Half', classes: ['Y6-Elm'] }], update: [], unchanged: 0 },
      pupils: { create: [{ line: 3, email: 'lost@oak.test', displayName: 'Lost', groupId: 'No-Such-Class' }], update: [], unchanged: 0 },
      notes: [],
    };
    await expect(server.db.transaction((tx) => applyRosterPlan(tx, 'oak', plan))).rejects.toThrow();
    expect(await snapshot()).toEqual(before);
  });

  test('two imports at once that add the same class take turns: both succeed and the class is made once', async () => {
    const first = 'Name,Email,Class\nFay,fay@oak.test,Y6-Elm\n';
    const second = 'Name,Email,Class\nGus,gus@oak.test,Y6-Elm\n';
    const answers = await Promise.all([apply({ csv: first }), apply({ csv: second })]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
    const created = answers.flatMap((answer) => answer.json.plan?.classes.create.map((c) => c.id) ?? []);
    expect(created).toEqual(['Y6-Elm']);
    const pupils = await server.db.query("SELECT email FROM pupils WHERE school_id = 'oak' AND group_id = 'Y6-Elm' ORDER BY email");
    expect(pupils).toEqual([{ email: 'fay@oak.test' }, { email: 'gus@oak.test' }]);
  });

  test('a file over the row limit is refused whole', async () => {
    const rows = Array.from({ length: 10_001 }, (_, i) => `P${i},p${i}@oak.test`);
    const answer = await apply({ csv: `Name,Email\n${rows.join('\n')}\n` });
    expect(answer.status).toBe(422);
    expect(answer.json.problems).toEqual([{ reason: 'the file has 10,001 rows; at most 10,000 can be imported at once' }]);
  });

  test("the other school's structure is untouched by all of this", async () => {
    expect(await server.db.query("SELECT count(*)::int AS n FROM pupils WHERE school_id = 'elm'")).toEqual([{ n: 0 }]);
    expect(await server.db.query("SELECT count(*)::int AS n FROM groups WHERE school_id = 'elm'")).toEqual([{ n: 0 }]);
  });
});
