import { describe, expect, test } from 'vitest';
import { checkDisplayText } from '../../src/core/display-text.js';
import { checkGroupId } from '../../src/core/group-id.js';
import { KEY_STAGES, readKeyStage } from '../../src/core/key-stages.js';
import { parsePolicy } from '../../src/core/policy.js';
import { checkMapping, guessMapping } from '../../src/core/roster-columns.js';
import { decodeRosterFile, guessDelimiter, MAX_IMPORT_BYTES, MAX_IMPORT_ROWS, readRosterCsv } from '../../src/core/roster-csv.js';
import { emailsInFile, type ImportOptions, planRosterImport, type RosterImportPlan, type RosterState } from '../../src/core/roster-plan.js';
import { catalogue } from './catalogue.js';

const EMPTY_SCHOOL: RosterState = { classes: [], staff: [], pupils: [], staffEmailsElsewhere: new Set() };
const PUPILS: ImportOptions = { defaultRole: 'pupil', allowNewClasses: true };

const plan = (text: string, options: Partial<ImportOptions> = {}, state: RosterState = EMPTY_SCHOOL) =>
  planRosterImport(text, { ...PUPILS, ...options }, state);

function planned(result: RosterImportPlan) {
  if (!result.ok) throw new Error(`expected a plan, got: ${result.problems.map((p) => `line ${p.line}: ${p.reason}`).join('; ')}`);
  return result.plan;
}
function problems(result: RosterImportPlan): string[] {
  if (result.ok) throw new Error('expected problems, got a plan');
  return result.problems.map((p) => (p.line === undefined ? p.reason : `line ${p.line}: ${p.reason}`));
}

describe('reading the file', () => {
  test('a byte-order mark, CRLF line ends and quoted commas read as Excel wrote them', () => {
    const reading = readRosterCsv('\uFEFFName,Email,Class\r\n"Smith, Ann",ann@oak.test,Y4-Oak\r\n"O\'Neil, Bo",bo@oak.test,Y4-Oak\r\n');
    expect(reading.ok && reading.table).toEqual({
      delimiter: ',',
      header: ['Name', 'Email', 'Class'],
      rows: [
        { line: 2, cells: ['Smith, Ann', 'ann@oak.test', 'Y4-Oak'] },
        { line: 3, cells: ["O'Neil, Bo", 'bo@oak.test', 'Y4-Oak'] },
      ],
    });
  });

  test('semicolons (Excel in many European locales) and tabs are found from the header line', () => {
    expect(guessDelimiter('Name;Email;Class\n"a, b";c@d.test;X')).toBe(';');
    expect(guessDelimiter('Name\tEmail\nA\tb@c.test')).toBe('\t');
    expect(guessDelimiter('"Name;with;semicolons",Email\n')).toBe(',');
    const reading = readRosterCsv('Name;Email;Class\n"Smith; Ann";ann@oak.test;Y4-Oak\n');
    expect(reading.ok && reading.table.rows[0]?.cells).toEqual(['Smith; Ann', 'ann@oak.test', 'Y4-Oak']);
  });

  test('a quoted field over two lines keeps the line number where its row starts, and blank lines count', () => {
    const reading = readRosterCsv('Name,Email\n\n"Ann\nSmith",ann@oak.test\n\nBo,bo@oak.test\n');
    expect(reading.ok && reading.table.rows.map((row) => row.line)).toEqual([3, 6]);
  });

  test('an empty file, a blank one and one with only a header are refused with a reason', () => {
    expect(readRosterCsv('')).toEqual({ ok: false, problems: [{ reason: 'the file is empty' }] });
    expect(readRosterCsv('\uFEFF\r\n \r\n')).toEqual({ ok: false, problems: [{ reason: 'the file is empty' }] });
    expect(readRosterCsv('Name,Email\r\n')).toEqual({ ok: false, problems: [{ line: 1, reason: 'the file has a header but no rows' }] });
  });

  test('a quote that is never closed is reported at its line, not as an unreadable file', () => {
    const reading = readRosterCsv('Name,Email\nAnn,ann@oak.test\n"Bo,bo@oak.test\nCy,cy@oak.test\n');
    expect(reading).toEqual({ ok: false, problems: [{ line: 3, reason: 'a quoted field is never closed (a " is missing)' }] });
  });

  test(`more than ${MAX_IMPORT_ROWS} rows are refused whole, saying how many there were`, () => {
    const rows = Array.from({ length: 50_000 }, (_, i) => `P${i},p${i}@oak.test,Y4`);
    const reading = readRosterCsv(`Name,Email,Class\n${rows.join('\n')}\n`);
    expect(reading).toEqual({ ok: false, problems: [{ reason: 'the file has 50,000 rows; at most 10,000 can be imported at once' }] });
  });

  test('a file over the size limit is refused before it is parsed', () => {
    const reading = readRosterCsv(`Name,Email\n${'x'.repeat(MAX_IMPORT_BYTES)}`);
    expect(reading.ok).toBe(false);
    expect(!reading.ok && reading.problems[0]?.reason).toMatch(/^the file is 2\.0 MB; at most 2\.0 MB can be imported at once/);
  });
});

describe('decoding an uploaded file', () => {
  test('UTF-8 is read without its byte-order mark, and a file that is not UTF-8 is read as Windows-1252, as Excel writes it in the UK', () => {
    expect(decodeRosterFile(new TextEncoder().encode('\uFEFFName\nZoë'))).toEqual({ ok: true, text: 'Name\nZoë', encoding: 'utf-8' });
    expect(decodeRosterFile(Uint8Array.from([0x5a, 0x6f, 0xeb, 0x2c, 0x80]))).toEqual({
      ok: true,
      text: 'Zoë,€',
      encoding: 'windows-1252',
    });
  });

  test('a workbook, a UTF-16 file and an oversized one are refused with what to do', () => {
    expect(decodeRosterFile(Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0]))).toMatchObject({
      ok: false,
      reason: expect.stringContaining('save it as'),
    });
    expect(decodeRosterFile(Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0]))).toMatchObject({
      ok: false,
      reason: expect.stringContaining('workbook'),
    });
    expect(decodeRosterFile(Uint8Array.from([0x4e, 0x00, 0x61, 0x00]))).toMatchObject({
      ok: false,
      reason: expect.stringContaining('UTF-16'),
    });
    expect(decodeRosterFile(new Uint8Array(MAX_IMPORT_BYTES + 1))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^the file is 2\.0 MB/),
    });
  });
});

describe('mapping the columns', () => {
  test('the mapping is guessed from the header names that MIS exports use', () => {
    expect(guessMapping(['Legal Forename', 'Legal Surname', 'E-mail Address', 'Reg Group', 'NC Year'])).toEqual({
      firstName: 0,
      lastName: 1,
      email: 2,
      class: 3,
      yearGroup: 4,
    });
    expect(guessMapping(['Pupil Name', 'Email', 'Class', 'Key Stage', 'Role'])).toEqual({
      name: 0,
      email: 1,
      class: 2,
      keyStage: 3,
      role: 4,
    });
  });

  test('first and last names are joined when there is no full name', () => {
    const result = plan('Forename,Surname,Email\nAnn,Smith,ann@oak.test\n');
    expect(planned(result).pupils.create).toEqual([{ line: 2, email: 'ann@oak.test', displayName: 'Ann Smith', groupId: null }]);
  });

  test('an explicit mapping by column name or number overrides the guess', () => {
    const text = 'Contact,Login,Tutor\nann@home.test,ann@oak.test,Y4-Oak\n';
    const result = plan(text, { mapping: { name: 0, email: 'Login', class: 'Tutor' } });
    expect(planned(result).pupils.create[0]).toMatchObject({ email: 'ann@oak.test', displayName: 'ann@home.test', groupId: 'Y4-Oak' });
  });

  test('a mapping that names a missing column, maps one column twice or lacks the email is refused', () => {
    const header = ['Name', 'Email'];
    expect(checkMapping(header, { name: 'Name', email: 'Mail' })).toEqual({
      ok: false,
      problems: [{ reason: 'email: the file has no column "Mail"' }],
    });
    expect(checkMapping(header, { name: 'Name' })).toEqual({
      ok: false,
      problems: [{ line: 1, reason: 'the file has no email column (its columns: "Name", "Email")' }],
    });
    expect(checkMapping(header, { name: 0, email: 0 })).toMatchObject({
      ok: false,
      problems: [{ reason: 'email: column "Name" is already mapped to name' }],
    });
    expect(checkMapping(header, { name: 0, email: 7 })).toMatchObject({
      ok: false,
      problems: [{ reason: 'email: the file has no column number 8' }],
    });
  });

  test('a mapping with a problem still shows the columns it found, so the preview keeps them', () => {
    const result = plan('Name,Email,Class\nAnn,ann@oak.test,Y4\n', { mapping: { name: 0, email: 'Mail', class: 2 } });
    expect(result.ok === false && result.preview?.mapping).toEqual({ name: 0, class: 2 });
  });

  test('a file without an email column says which columns it has', () => {
    expect(problems(plan('Name,Class\nAnn,Y4\n'))).toEqual(['line 1: the file has no email column (its columns: "Name", "Class")']);
  });
});

describe('judging the rows', () => {
  test('every bad row is reported with its line and why, and nothing is planned', () => {
    const text = [
      'Name,Email,Class',
      'Ann Smith,ann@oak.test,Y4-Oak',
      'Bob,bob@,Y4-Oak',
      ',cy@oak.test,Y4-Oak',
      'Dee,,Y4-Oak',
      'Eve,eve@oak.test,Y4\u0007Oak',
    ].join('\r\n');
    expect(problems(plan(text))).toEqual([
      'line 3: email "bob@" is not an email address',
      'line 4: no name',
      'line 5: no email',
      'line 6: class id contains control characters: "Y4\\u0007Oak"',
    ]);
  });

  test('names with a bidi override or control characters are refused with the line; formula-looking names are kept as text', () => {
    const text = [
      'Name,Email',
      '"Bob\u202Egnp.exe",bob@oak.test',
      '"Cy\u0000",cy@oak.test',
      '"=HYPERLINK(""http://evil.test"",""click"")",dee@oak.test',
      '+44 Ann,ann@oak.test',
      '@Sam,sam@oak.test',
      '-Lee,lee@oak.test',
    ].join('\n');
    expect(problems(plan(text))).toEqual([
      'line 2: name contains a text-direction control (bidi override), which can disguise a name: "Bob\\u202egnp.exe"',
      'line 3: name contains control characters: "Cy\\u0000"',
    ]);
    const formulas = planned(
      plan(
        text
          .split('\n')
          .filter((_, i) => i === 0 || i > 2)
          .join('\n'),
      ),
    );
    expect(formulas.pupils.create.map((p) => p.displayName)).toEqual(['=HYPERLINK("http://evil.test","click")', '+44 Ann', '@Sam', '-Lee']);
  });

  test('a 10 KB cell is refused at its line without being echoed whole', () => {
    const [reason] = problems(plan(`Name,Email\n${'A'.repeat(10_240)},ann@oak.test\n`));
    expect(reason).toMatch(/^line 2: name is longer than 200 characters \(10240\): "A{60}…"$/);
  });

  test('a pupil listed twice in different classes is a conflict; the same row twice is one pupil', () => {
    const text = 'Name,Email,Class\nAnn,ann@oak.test,Y4-Oak\nAnn,ANN@oak.test,Y4-Oak\nAnn,ann@oak.test,Y5-Ash\n';
    expect(problems(plan(text))).toEqual([
      'line 4: "ann@oak.test" is in class "Y5-Ash" here but "Y4-Oak" on line 2; a pupil belongs to one class',
    ]);
    expect(planned(plan(text.split('\n').slice(0, 3).join('\n'))).pupils.create).toHaveLength(1);
  });

  test('a class not in the school is unknown when the import may not create classes', () => {
    const state: RosterState = { ...EMPTY_SCHOOL, classes: [{ id: 'Y4-Oak', archived: false, keyStage: null, yearGroup: null }] };
    const text = 'Name,Email,Class\nAnn,ann@oak.test,Y4-Oak\nBo,bo@oak.test,Y4-Oka\n';
    expect(problems(plan(text, { allowNewClasses: false }, state))).toEqual([
      'line 3: unknown class "Y4-Oka": add it first, or allow the import to create classes',
    ]);
    expect(planned(plan(text, {}, state)).classes.create).toEqual([{ id: 'Y4-Oka' }]);
  });

  test('class ids that differ only in capitals are refused, in the file and against the school', () => {
    const state: RosterState = { ...EMPTY_SCHOOL, classes: [{ id: 'Y4-Oak', archived: false, keyStage: null, yearGroup: null }] };
    expect(problems(plan('Name,Email,Class\nAnn,ann@oak.test,y4-oak\n', {}, state))).toEqual([
      'line 2: class "y4-oak" differs from the class "Y4-Oak" only in capitals: use one spelling',
    ]);
    expect(problems(plan('Name,Email,Class\nAnn,ann@oak.test,Y5-Ash\nBo,bo@oak.test,Y5-ASH\n'))).toEqual([
      'line 3: class "Y5-ASH" differs from the class "Y5-Ash" only in capitals: use one spelling',
    ]);
  });

  test('key stages are read in the spellings schools use, and one class with two key stages is a conflict', () => {
    expect(['KS2', 'ks 2', 'Key Stage 2', '2', 'eyfs', 'Reception', 'KS6', 'Year 2'].map(readKeyStage)).toEqual([
      'KS2',
      'KS2',
      'KS2',
      'KS2',
      'EYFS',
      'EYFS',
      null,
      null,
    ]);
    expect(KEY_STAGES).toEqual(['EYFS', 'KS1', 'KS2', 'KS3', 'KS4', 'KS5']);
    const text =
      'Name,Email,Class,Key stage,Year\nAnn,ann@oak.test,Y4-Oak,KS2,Year 4\nBo,bo@oak.test,Y4-Oak,KS3,Year 4\nCy,cy@oak.test,R-Elm,KS9,\n';
    expect(problems(plan(text))).toEqual([
      'line 3: class "Y4-Oak" is KS3 here but KS2 on line 2',
      'line 4: key stage "KS9" is not one of EYFS, KS1, KS2, KS3, KS4, KS5',
    ]);
    const fixed = text.replace('KS3', 'KS2').replace('KS9', 'EYFS');
    expect(planned(plan(fixed)).classes.create).toEqual([
      { id: 'Y4-Oak', keyStage: 'KS2', yearGroup: 'Year 4' },
      { id: 'R-Elm', keyStage: 'EYFS' },
    ]);
  });

  test("a teacher's rows add up to the classes they teach; a role column mixes pupils and teachers", () => {
    const text = [
      'Name,Email,Class,Role',
      'Ms Oak,oak@oak.test,Y4-Oak,Teacher',
      'Ms Oak,oak@oak.test,Y5-Ash,teacher',
      'Ann,ann@oak.test,Y4-Oak,Pupil',
      'Bo,bo@oak.test,Y4-Oak,',
      'Cy,cy@oak.test,Y4-Oak,parent',
    ].join('\n');
    expect(problems(plan(text))).toEqual(['line 6: role "parent" is neither pupil nor teacher']);
    const result = planned(plan(text.split('\n').slice(0, 5).join('\n')));
    expect(result.teachers.create).toEqual([{ line: 2, email: 'oak@oak.test', displayName: 'Ms Oak', classes: ['Y4-Oak', 'Y5-Ash'] }]);
    expect(result.pupils.create.map((p) => p.email)).toEqual(['ann@oak.test', 'bo@oak.test']);
  });

  test('an email listed as a pupil and a teacher, or as a pupil who is on the staff, is refused', () => {
    const text = 'Name,Email,Role\nMs Oak,oak@oak.test,teacher\nMs Oak,oak@oak.test,pupil\nDee,dsl@oak.test,pupil\n';
    const state: RosterState = { ...EMPTY_SCHOOL, staff: [{ email: 'dsl@oak.test', displayName: 'Dee', role: 'dsl', classes: [] }] };
    expect(problems(plan(text, {}, state))).toEqual([
      'line 3: "oak@oak.test" is a pupil here but a teacher on line 2',
      'line 4: "dsl@oak.test" is a staff account (dsl) here, not a pupil',
    ]);
  });

  test("a teacher whose email signs in to another school is refused; the school's DSL listed as a teacher keeps the role", () => {
    const text = 'Name,Email,Class\nMs Oak,oak@oak.test,Y4-Oak\nDee,dsl@oak.test,Y4-Oak\n';
    const state: RosterState = {
      ...EMPTY_SCHOOL,
      staff: [{ email: 'dsl@oak.test', displayName: 'Dee', role: 'dsl', classes: [] }],
      staffEmailsElsewhere: new Set(['oak@oak.test']),
    };
    expect(problems(plan(text, { defaultRole: 'teacher' }, state))).toEqual([
      'line 2: "oak@oak.test" already signs in to another school: a staff email belongs to one school',
    ]);
    const result = planned(plan(text, { defaultRole: 'teacher' }, { ...state, staffEmailsElsewhere: new Set() }));
    expect(result.notes).toEqual([{ line: 3, reason: '"dsl@oak.test" stays dsl: the import changes teachers only' }]);
    expect(result.teachers.create.map((t) => t.email)).toEqual(['oak@oak.test']);
  });

  test('a file the school already holds plans no change; a changed name or class is an update', () => {
    const text = 'Name,Email,Class\nAnn,ann@oak.test,Y4-Oak\nBo,bo@oak.test,Y4-Oak\n';
    const state: RosterState = {
      ...EMPTY_SCHOOL,
      classes: [{ id: 'Y4-Oak', archived: false, keyStage: null, yearGroup: null }],
      pupils: [
        { email: 'ann@oak.test', displayName: 'Ann', groupId: 'Y4-Oak' },
        { email: 'bo@oak.test', displayName: 'Bo', groupId: 'Y3-Elm' },
      ],
    };
    const result = planned(plan(text, {}, state));
    expect(result.classes).toEqual({ create: [], update: [], restore: [] });
    expect(result.pupils).toEqual({
      create: [],
      update: [{ line: 3, email: 'bo@oak.test', displayName: 'Bo', groupId: 'Y4-Oak' }],
      unchanged: 1,
    });
  });

  test('an archived class named by the file is planned to be restored', () => {
    const state: RosterState = { ...EMPTY_SCHOOL, classes: [{ id: 'Y4-Oak', archived: true, keyStage: 'KS2', yearGroup: null }] };
    expect(planned(plan('Name,Email,Class\nAnn,ann@oak.test,Y4-Oak\n', {}, state)).classes).toEqual({
      create: [],
      update: [],
      restore: ['Y4-Oak'],
    });
  });

  test('problems are listed up to a limit and counted in full', () => {
    const rows = Array.from({ length: 300 }, (_, i) => `P${i},not-an-email`);
    const result = plan(`Name,Email\n${rows.join('\n')}`);
    expect(result.ok === false && [result.problems.length, result.problemCount]).toEqual([200, 300]);
  });

  test('the emails of a file are listed lower-cased once each, for the check against other schools', () => {
    expect(emailsInFile('Name,Email\nAnn,Ann@Oak.test\nAnn,ann@oak.test\nBo,\n', undefined)).toEqual(['ann@oak.test']);
  });
});

describe('class ids and names', () => {
  test('a class id is accepted exactly when the managed policy reads it as groupId, within the records’ 64 characters', () => {
    for (const id of ['Y4-Oak', '  Y4 Oak  ', 'Reception/Elm', 'x'.repeat(64), 'x'.repeat(65), 'Y4\tOak', '', '   ']) {
      const policy = parsePolicy({ groupId: id }, catalogue).policy.groupId;
      const check = checkGroupId(id);
      expect(check.ok ? check.groupId : undefined, JSON.stringify(id)).toBe(id.length > 64 ? undefined : policy);
    }
    expect(checkGroupId('x'.repeat(65))).toEqual({ ok: false, reason: 'class id is longer than 64 characters' });
    expect(checkGroupId(42)).toEqual({ ok: false, reason: 'class id must be a string' });
  });

  test('a class id or a name with a bidi control is refused, since staff read it', () => {
    expect(checkGroupId('Y4\u2067Oak')).toMatchObject({ ok: false, reason: expect.stringContaining('text-direction control') });
    expect(checkDisplayText('Ann\u200f', 'name')).toMatchObject({ ok: false });
    expect(checkDisplayText(' Ann Smith ', 'name')).toEqual({ ok: true, value: 'Ann Smith' });
  });
});
