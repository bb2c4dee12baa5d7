import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../app-context.js';
import { authenticatedStaff } from '../../auth/staff-auth.js';
import { rotateEnrolmentToken } from '../../enrolment-token-rotation.js';
import { listClasses } from '../../storage/classes.js';
import { currentEnrolmentToken, DEFAULT_TOKEN_DAYS, MAX_TOKEN_DAYS } from '../../storage/enrolment-tokens.js';
import { schoolCounts } from '../../storage/school-overview.js';
import { formField } from '../form-fields.js';
import { staffPage } from '../staff-page.js';
import { noticeFrom, schoolViewHelpers } from './school-page-helpers.js';

const NOTICES: Record<string, string> = {
  imported: 'The file is imported: its classes, teachers and pupils are below.',
};

/** The technician's school at a glance, and the enrolment token (its dates; the token itself only when rotated). */
export function schoolPages(web: FastifyInstance, ctx: AppContext): void {
  const technician = staffPage(ctx, ['technician']);

  const overview = async (schoolId: string) => ({
    counts: await schoolCounts(ctx.db, schoolId, ctx.now()),
    classes: await listClasses(ctx.db, schoolId),
    token: await currentEnrolmentToken(ctx.db, schoolId),
    defaultTokenDays: DEFAULT_TOKEN_DAYS,
    maxTokenDays: MAX_TOKEN_DAYS,
    ...schoolViewHelpers,
  });

  web.get('/school', { onRequest: technician }, async (request, reply) => {
    const staff = authenticatedStaff(request);
    return reply.view('school.eta', {
      title: 'Your school',
      notice: noticeFrom(request.query, NOTICES),
      ...(await overview(staff.schoolId)),
    });
  });

  // The new token is shown in the answer to this POST, once, and never again: it is a secret, so it
  // cannot ride a redirect (an address is logged and kept in history) and the server keeps only its hash.
  web.post('/school/enrolment-token/rotate', { onRequest: technician }, async (request, reply) => {
    const staff = authenticatedStaff(request);
    const daysField = formField(request.body, 'expiresInDays', 10) ?? String(DEFAULT_TOKEN_DAYS);
    const days = /^\d{1,3}$/.test(daysField) ? Number(daysField) : Number.NaN;
    if (!(days >= 1 && days <= MAX_TOKEN_DAYS)) {
      return reply.code(400).view('school.eta', {
        title: 'Your school',
        tokenError: `Choose a lifetime from 1 to ${MAX_TOKEN_DAYS} days.`,
        ...(await overview(staff.schoolId)),
      });
    }
    const rotation = await rotateEnrolmentToken(ctx.db, staff.schoolId, { actor: staff, via: 'dashboard' }, days);
    if (!rotation)
      return reply.code(403).view('error.eta', { title: 'Your school no longer exists', message: 'Ask SafeScreen’s administrator.' });
    return reply
      .header('cache-control', 'no-store')
      .view('enrolment-token.eta', { title: 'New enrolment token', rotation, policyJson: JSON.stringify(rotation.policy, null, 2) });
  });
}
