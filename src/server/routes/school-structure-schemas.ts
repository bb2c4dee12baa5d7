import { MAX_GROUP_ID_LENGTH } from '../../core/breach-schema.js';
import { MAX_YEAR_GROUP_LENGTH } from '../../core/class-fields.js';
import { MAX_DISPLAY_NAME_LENGTH } from '../../core/display-text.js';
import { KEY_STAGES } from '../../core/key-stages.js';
import { NO_NUL } from '../../core/no-nul.js';
import { IMPORT_FIELD_LABELS, IMPORT_FIELDS } from '../../core/roster-columns.js';
import { MAX_IMPORT_BYTES, MAX_IMPORT_ROWS } from '../../core/roster-csv.js';
import { IMPORT_ROLES } from '../../core/roster-rows.js';

/**
 * JSON Schemas of the school-structure API: the routes validate with them, Fastify writes answers
 * through them, and the OpenAPI document shows them. Shapes only: the meaning (a class id the
 * policy reads, names without bidi controls) is checked by src/core, the same for pages and API.
 */

const nullable = (schema: object) => ({ anyOf: [schema, { type: 'null' }] });

export const CLASS_ID_PARAMS = {
  type: 'object',
  properties: { classId: { type: 'string', minLength: 1, maxLength: MAX_GROUP_ID_LENGTH * 2, pattern: NO_NUL } },
  required: ['classId'],
} as const;

const KEY_STAGE = { type: 'string', enum: KEY_STAGES } as const;

export const CLASS_FIELDS_BODY = {
  type: 'object',
  additionalProperties: false,
  properties: {
    name: { type: 'string', maxLength: MAX_DISPLAY_NAME_LENGTH * 2, description: 'What staff call the class (default: its id).' },
    keyStage: { ...nullable(KEY_STAGE), description: `${KEY_STAGES.join(', ')}; null clears it.` },
    yearGroup: { ...nullable({ type: 'string', maxLength: MAX_YEAR_GROUP_LENGTH * 2 }), description: 'e.g. Year 4; null clears it.' },
  },
} as const;

export const NEW_CLASS_BODY = {
  ...CLASS_FIELDS_BODY,
  properties: {
    id: {
      type: 'string',
      maxLength: MAX_GROUP_ID_LENGTH * 2,
      description: `The groupId the managed policy names (e.g. Y4-Oak): at most ${MAX_GROUP_ID_LENGTH} characters, no control characters. Never changes.`,
    },
    ...CLASS_FIELDS_BODY.properties,
  },
  required: ['id'],
} as const;

export const CLASS_UPDATE_BODY = {
  ...CLASS_FIELDS_BODY,
  properties: {
    ...CLASS_FIELDS_BODY.properties,
    archived: { type: 'boolean', description: 'true archives the class (it leaves the lists; its history stays); false restores it.' },
  },
} as const;

export const CLASS_TEACHERS_BODY = {
  type: 'object',
  additionalProperties: false,
  properties: {
    staffIds: {
      type: 'array',
      maxItems: 200,
      items: { type: 'integer', minimum: 1 },
      description: "The class's teachers from now on (staff ids of the school's teachers); [] leaves it with none.",
    },
  },
  required: ['staffIds'],
} as const;

const TEACHER = {
  type: 'object',
  properties: { staffId: { type: 'integer' }, email: { type: 'string' }, displayName: { type: 'string' } },
  required: ['staffId', 'email', 'displayName'],
} as const;

export const CLASS_ANSWER = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    keyStage: nullable(KEY_STAGE),
    yearGroup: nullable({ type: 'string' }),
    archived: { type: 'boolean' },
    teachers: { type: 'array', items: TEACHER },
    pupils: { type: 'integer' },
    devices: { type: 'integer', description: 'Devices enrolled for this class and not revoked.' },
  },
  required: ['id', 'name', 'keyStage', 'yearGroup', 'archived', 'teachers', 'pupils', 'devices'],
} as const;

export const TEACHERS_ANSWER = {
  type: 'object',
  properties: {
    teachers: {
      type: 'array',
      items: {
        type: 'object',
        properties: { ...TEACHER.properties, disabled: { type: 'boolean' }, classes: { type: 'array', items: { type: 'string' } } },
        required: [...TEACHER.required, 'disabled', 'classes'],
      },
    },
  },
  required: ['teachers'],
} as const;

export const SCHOOL_ANSWER = {
  type: 'object',
  properties: {
    schoolId: { type: 'string' },
    name: { type: 'string' },
    timeZone: { type: 'string' },
    pupils: { type: 'integer' },
    pupilsWithoutClass: { type: 'integer' },
    teachers: { type: 'integer' },
    classes: { type: 'integer', description: 'Classes not archived.' },
    devices: {
      type: 'object',
      properties: { enrolled: { type: 'integer' }, seenLastWeek: { type: 'integer' }, withoutClass: { type: 'integer' } },
      required: ['enrolled', 'seenLastWeek', 'withoutClass'],
    },
    enrolmentToken: {
      ...nullable({
        type: 'object',
        properties: {
          createdAt: { type: 'string', format: 'date-time' },
          expiresAt: { type: 'string', format: 'date-time' },
          expired: { type: 'boolean' },
        },
        required: ['createdAt', 'expiresAt', 'expired'],
      }),
      description: 'When the current enrolment token was made and expires; the token itself is shown only by its rotation.',
    },
  },
  required: ['schoolId', 'name', 'timeZone', 'pupils', 'pupilsWithoutClass', 'teachers', 'classes', 'devices', 'enrolmentToken'],
} as const;

export const ROSTER_IMPORT_BODY = {
  type: 'object',
  additionalProperties: false,
  properties: {
    csv: {
      type: 'string',
      maxLength: MAX_IMPORT_BYTES,
      description: `The file as the MIS exported it (UTF-8; comma, semicolon or tab separated; at most ${MAX_IMPORT_BYTES / 1024 / 1024} MB and ${MAX_IMPORT_ROWS} rows).`,
    },
    fileName: { type: 'string', maxLength: 200, pattern: NO_NUL, description: "The file's name, for the audit log." },
    mapping: {
      type: 'object',
      additionalProperties: false,
      description: `Column per field, by header name or 0-based index; absent: guessed from the header. Fields: ${IMPORT_FIELDS.map((f) => `${f} (${IMPORT_FIELD_LABELS[f]})`).join('; ')}.`,
      properties: Object.fromEntries(
        IMPORT_FIELDS.map((field) => [
          field,
          {
            anyOf: [
              { type: 'string', maxLength: 200 },
              { type: 'integer', minimum: 0, maximum: 1000 },
            ],
          },
        ]),
      ),
    },
    defaultRole: { type: 'string', enum: IMPORT_ROLES, description: 'Role of rows without a role column or cell (default pupil).' },
    allowNewClasses: {
      type: 'boolean',
      description: 'Create classes the school does not have yet (default true); false refuses them as unknown.',
    },
  },
  required: ['csv'],
} as const;

const PROBLEM = {
  type: 'object',
  properties: { line: { type: 'integer', description: "The file's line (1 is the header)." }, reason: { type: 'string' } },
  required: ['reason'],
} as const;
const PERSON = {
  type: 'object',
  properties: { line: { type: 'integer' }, email: { type: 'string' }, displayName: { type: 'string' } },
  required: ['line', 'email', 'displayName'],
} as const;
const TEACHER_CHANGE = {
  ...PERSON,
  properties: { ...PERSON.properties, classes: nullable({ type: 'array', items: { type: 'string' } }) },
  required: [...PERSON.required, 'classes'],
} as const;
const PUPIL_CHANGE = {
  ...PERSON,
  properties: { ...PERSON.properties, groupId: nullable({ type: 'string' }) },
  required: [...PERSON.required, 'groupId'],
} as const;
const CLASS_CHANGE = {
  type: 'object',
  properties: { id: { type: 'string' }, keyStage: KEY_STAGE, yearGroup: { type: 'string' } },
  required: ['id'],
} as const;
const changes = (item: object) => ({
  type: 'object',
  properties: { create: { type: 'array', items: item }, update: { type: 'array', items: item }, unchanged: { type: 'integer' } },
  required: ['create', 'update', 'unchanged'],
});

export const ROSTER_IMPORT_ANSWER = {
  type: 'object',
  description: 'ok: the plan (preview) or what was imported (apply). Not ok: every problem with its line, nothing imported.',
  properties: {
    ok: { type: 'boolean' },
    applied: { type: 'boolean', description: 'Whether this request changed the school (apply with no problems).' },
    preview: nullable({
      type: 'object',
      properties: {
        delimiter: { type: 'string' },
        header: { type: 'array', items: { type: 'string' } },
        mapping: { type: 'object', additionalProperties: { type: 'integer' } },
        sample: {
          type: 'array',
          items: {
            type: 'object',
            properties: { line: { type: 'integer' }, cells: { type: 'array', items: { type: 'string' } } },
            required: ['line', 'cells'],
          },
        },
      },
      required: ['delimiter', 'header', 'mapping', 'sample'],
    }),
    plan: {
      type: 'object',
      properties: {
        rows: { type: 'integer' },
        classes: {
          type: 'object',
          properties: {
            create: { type: 'array', items: CLASS_CHANGE },
            update: { type: 'array', items: CLASS_CHANGE },
            restore: { type: 'array', items: { type: 'string' } },
          },
          required: ['create', 'update', 'restore'],
        },
        teachers: changes(TEACHER_CHANGE),
        pupils: changes(PUPIL_CHANGE),
        notes: { type: 'array', items: PROBLEM },
      },
      required: ['rows', 'classes', 'teachers', 'pupils', 'notes'],
    },
    problems: { type: 'array', items: PROBLEM, description: 'At most 200, in line order.' },
    problemCount: { type: 'integer', description: 'All the problems found.' },
  },
  required: ['ok', 'applied', 'preview'],
} as const;
