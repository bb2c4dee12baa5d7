import type { FastifyInstance, FastifyReply } from 'fastify';
import { errorAnswers } from '../../core/breach-schema.js';
import type { ImportOptions } from '../../core/roster-plan.js';
import type { AppContext } from '../app-context.js';
import { authenticatedStaff, staffAuth } from '../auth/staff-auth.js';
import {
  applyRosterImport,
  type ClassUpdate,
  createClass,
  previewRosterImport,
  type StructureResult,
  setClassTeachers,
  updateClass,
} from '../school-structure.js';
import { listClasses, listTeachers } from '../storage/classes.js';
import { currentEnrolmentToken } from '../storage/enrolment-tokens.js';
import { schoolCounts } from '../storage/school-overview.js';
import {
  CLASS_ANSWER,
  CLASS_ID_PARAMS,
  CLASS_TEACHERS_BODY,
  CLASS_UPDATE_BODY,
  NEW_CLASS_BODY,
  ROSTER_IMPORT_ANSWER,
  ROSTER_IMPORT_BODY,
  SCHOOL_ANSWER,
  TEACHERS_ANSWER,
} from './school-structure-schemas.js';

/** A JSON body can be twice the file it carries (every quote and line break escaped). */
const IMPORT_BODY_LIMIT = 2 * 2 * 1024 * 1024 + 64 * 1024;
const STAFF = { tags: ['school structure'], security: [{ staffSession: [] }] };

interface ImportBody {
  csv: string;
  fileName?: string;
  mapping?: ImportOptions['mapping'];
  defaultRole?: ImportOptions['defaultRole'];
  allowNewClasses?: boolean;
}

const importOptions = (body: ImportBody): ImportOptions => ({
  mapping: body.mapping,
  defaultRole: body.defaultRole ?? 'pupil',
  allowNewClasses: body.allowNewClasses ?? true,
});

function answer<T>(reply: FastifyReply, result: StructureResult<T>, status = 200) {
  if (!result.ok) {
    const error = { 400: 'bad request', 404: 'not found', 409: 'conflict' }[result.status];
    return reply.code(result.status).send({ error, reason: result.reason });
  }
  return reply.code(status).send(result.value);
}

/**
 * The technician keeps the school's structure: classes and year groups (the managed policy's
 * groupIds), who teaches them, and the CSV import from the MIS. Technicians only, their own school
 * only: every query below takes the school from the session, never from the request.
 */
export function schoolStructureRoutes(app: FastifyInstance, ctx: AppContext): void {
  const technician = staffAuth(ctx, ['technician']);

  app.get(
    '/api/v1/school',
    {
      schema: {
        ...STAFF,
        summary:
          "The technician's school at a glance: pupils, teachers, classes, devices, and the enrolment token's dates (never the token)",
        response: { 200: SCHOOL_ANSWER, ...errorAnswers(401, 403) },
      },
      onRequest: technician,
    },
    async (request, reply) => {
      const staff = authenticatedStaff(request);
      const counts = await schoolCounts(ctx.db, staff.schoolId, ctx.now());
      if (!counts) return reply.code(403).send({ error: 'forbidden', reason: 'your school no longer exists' });
      const classes = await listClasses(ctx.db, staff.schoolId);
      const token = await currentEnrolmentToken(ctx.db, staff.schoolId);
      return {
        schoolId: staff.schoolId,
        ...counts,
        classes: classes.length,
        enrolmentToken: token && { ...token, createdAt: token.createdAt.toISOString(), expiresAt: token.expiresAt.toISOString() },
      };
    },
  );

  app.get(
    '/api/v1/school/classes',
    {
      schema: {
        ...STAFF,
        summary: "The school's classes and year groups with their teachers, pupils and devices (technician)",
        querystring: {
          type: 'object',
          properties: {
            archived: { type: 'string', enum: ['include', 'exclude'], description: 'Archived classes too (default exclude).' },
          },
        },
        response: {
          200: { type: 'object', properties: { classes: { type: 'array', items: CLASS_ANSWER } }, required: ['classes'] },
          ...errorAnswers(400, 401, 403),
        },
      },
      onRequest: technician,
    },
    async (request) => {
      const staff = authenticatedStaff(request);
      const { archived } = request.query as { archived?: 'include' | 'exclude' };
      return { classes: await listClasses(ctx.db, staff.schoolId, { includeArchived: archived === 'include' }) };
    },
  );

  app.post(
    '/api/v1/school/classes',
    {
      schema: {
        ...STAFF,
        summary: 'Add a class or year group (technician)',
        body: NEW_CLASS_BODY,
        response: { 201: CLASS_ANSWER, ...errorAnswers(400, 401, 403, 409) },
      },
      onRequest: technician,
    },
    async (request, reply) => answer(reply, await createClass(ctx.db, authenticatedStaff(request), request.body as object), 201),
  );

  app.patch(
    '/api/v1/school/classes/:classId',
    {
      schema: {
        ...STAFF,
        summary: 'Rename a class, set its key stage or year group, archive or restore it (technician); its id never changes',
        params: CLASS_ID_PARAMS,
        body: CLASS_UPDATE_BODY,
        response: { 200: CLASS_ANSWER, ...errorAnswers(400, 401, 403, 404) },
      },
      onRequest: technician,
    },
    async (request, reply) => {
      const { classId } = request.params as { classId: string };
      return answer(reply, await updateClass(ctx.db, authenticatedStaff(request), classId, request.body as ClassUpdate));
    },
  );

  app.put(
    '/api/v1/school/classes/:classId/teachers',
    {
      schema: {
        ...STAFF,
        summary: "Set who teaches a class (technician): exactly these teachers of the school, who then see the class's breaches",
        params: CLASS_ID_PARAMS,
        body: CLASS_TEACHERS_BODY,
        response: { 200: CLASS_ANSWER, ...errorAnswers(400, 401, 403, 404, 409) },
      },
      onRequest: technician,
    },
    async (request, reply) => {
      const { classId } = request.params as { classId: string };
      const { staffIds } = request.body as { staffIds: number[] };
      return answer(reply, await setClassTeachers(ctx.db, authenticatedStaff(request), classId, staffIds));
    },
  );

  app.get(
    '/api/v1/school/teachers',
    {
      schema: {
        ...STAFF,
        summary: "The school's teachers and the classes each teaches (technician)",
        response: { 200: TEACHERS_ANSWER, ...errorAnswers(401, 403) },
      },
      onRequest: technician,
    },
    async (request) => ({ teachers: await listTeachers(ctx.db, authenticatedStaff(request).schoolId) }),
  );

  app.post(
    '/api/v1/school/roster-import/preview',
    {
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: {
        ...STAFF,
        summary:
          'Check a CSV of classes, teachers and pupils from the MIS (technician): the plan, or every problem with its line; changes nothing',
        body: ROSTER_IMPORT_BODY,
        response: { 200: ROSTER_IMPORT_ANSWER, ...errorAnswers(400, 401, 403, 413) },
      },
      onRequest: technician,
    },
    async (request) => {
      const staff = authenticatedStaff(request);
      const body = request.body as ImportBody;
      return { ...(await previewRosterImport(ctx.db, staff.schoolId, body.csv, importOptions(body))), applied: false };
    },
  );

  app.post(
    '/api/v1/school/roster-import/apply',
    {
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: {
        ...STAFF,
        summary:
          'Import a CSV of classes, teachers and pupils (technician): all of it in one transaction, or nothing when any row has a problem (422). ' +
          'Importing the same file again changes nothing. New teachers get accounts without a password, to be invited.',
        body: ROSTER_IMPORT_BODY,
        response: { 200: ROSTER_IMPORT_ANSWER, 422: ROSTER_IMPORT_ANSWER, ...errorAnswers(400, 401, 403, 413) },
      },
      onRequest: technician,
    },
    async (request, reply) => {
      const staff = authenticatedStaff(request);
      const body = request.body as ImportBody;
      const result = await applyRosterImport(ctx.db, staff, body.csv, importOptions(body), body.fileName);
      return reply.code(result.ok ? 200 : 422).send({ ...result, applied: result.ok });
    },
  );
}
