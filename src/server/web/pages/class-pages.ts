import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../app-context.js';
import { authenticatedStaff } from '../../auth/staff-auth.js';
import { createClass, setClassTeachers, updateClass } from '../../school-structure.js';
import { findClass, listClasses, listTeachers } from '../../storage/classes.js';
import type { SessionStaff } from '../../storage/staff-sessions.js';
import { formField, idField } from '../form-fields.js';
import { staffPage } from '../staff-page.js';
import { formFieldList, noticeFrom, schoolViewHelpers } from './school-page-helpers.js';

const NOTICES: Record<string, string> = {
  created: 'The class is added. Choose its teachers below.',
  saved: 'Your changes are saved.',
  teachers: 'The class’s teachers are saved.',
  archived: 'The class is archived: it has left the lists. Restore it here if you need it again.',
  restored: 'The class is restored.',
};

/** Form fields of a class, as typed (each is checked again by school-structure.ts, as the API's are). */
const classForm = (body: unknown) => ({
  id: formField(body, 'id', 200) ?? '',
  name: formField(body, 'name', 400) ?? '',
  keyStage: formField(body, 'keyStage', 10) ?? '',
  yearGroup: formField(body, 'yearGroup', 200) ?? '',
});

/** The technician's class list (with an "add a class" form) and each class's page: its details, teachers, archiving. */
export function classPages(web: FastifyInstance, ctx: AppContext): void {
  const technician = staffPage(ctx, ['technician']);
  const classId = (request: FastifyRequest) => (request.params as { classId: string }).classId;

  const showList = async (
    reply: FastifyReply,
    staff: SessionStaff,
    view: { notice?: string; error?: string; form?: object; archived?: boolean },
  ) =>
    reply.view('classes.eta', {
      title: 'Classes and year groups',
      classes: await listClasses(ctx.db, staff.schoolId, { includeArchived: view.archived === true }),
      form: { id: '', name: '', keyStage: '', yearGroup: '' },
      ...schoolViewHelpers,
      ...view,
    });

  const showClass = async (reply: FastifyReply, staff: SessionStaff, id: string, view: { notice?: string; error?: string } = {}) => {
    const group = await findClass(ctx.db, staff.schoolId, id);
    if (!group) return reply.code(404).view('error.eta', { title: 'No such class', message: 'Your school has no class with this id.' });
    const teachers = (await listTeachers(ctx.db, staff.schoolId)).map((teacher) => ({
      ...teacher,
      checked: group.teachers.some((t) => t.staffId === teacher.staffId),
    }));
    return reply.view('class.eta', { title: group.name, group, teachers, ...schoolViewHelpers, ...view });
  };

  web.get('/school/classes', { onRequest: technician }, async (request, reply) => {
    const archived = (request.query as Record<string, unknown>).archived === 'include';
    return showList(reply, authenticatedStaff(request), { notice: noticeFrom(request.query, NOTICES), archived });
  });

  web.post('/school/classes', { onRequest: technician }, async (request, reply) => {
    const staff = authenticatedStaff(request);
    const form = classForm(request.body);
    const result = await createClass(ctx.db, staff, { ...form, name: form.name || undefined });
    if (!result.ok) return showList(reply.code(result.status === 409 ? 409 : 400), staff, { error: sentence(result.reason), form });
    return reply.redirect(`${schoolViewHelpers.classHref(result.value.id)}?notice=created`, 303);
  });

  web.get('/school/classes/:classId', { onRequest: technician }, async (request, reply) =>
    showClass(reply, authenticatedStaff(request), classId(request), { notice: noticeFrom(request.query, NOTICES) }),
  );

  web.post('/school/classes/:classId', { onRequest: technician }, async (request, reply) => {
    const staff = authenticatedStaff(request);
    const { name, keyStage, yearGroup } = classForm(request.body);
    const result = await updateClass(ctx.db, staff, classId(request), { name, keyStage, yearGroup });
    if (!result.ok) return showClass(reply.code(result.status), staff, classId(request), { error: sentence(result.reason) });
    return reply.redirect(`${schoolViewHelpers.classHref(result.value.id)}?notice=saved`, 303);
  });

  web.post('/school/classes/:classId/teachers', { onRequest: technician }, async (request, reply) => {
    const staff = authenticatedStaff(request);
    const ids = formFieldList(request.body, 'staffId').map(idField);
    if (ids.some((id) => id === null))
      return showClass(reply.code(400), staff, classId(request), { error: 'That list of teachers could not be read.' });
    const result = await setClassTeachers(ctx.db, staff, classId(request), ids as number[]);
    if (!result.ok) return showClass(reply.code(result.status), staff, classId(request), { error: sentence(result.reason) });
    return reply.redirect(`${schoolViewHelpers.classHref(result.value.id)}?notice=teachers`, 303);
  });

  for (const [action, archived] of [
    ['archive', true],
    ['restore', false],
  ] as const) {
    web.post(`/school/classes/:classId/${action}`, { onRequest: technician }, async (request, reply) => {
      const staff = authenticatedStaff(request);
      const result = await updateClass(ctx.db, staff, classId(request), { archived });
      if (!result.ok) return showClass(reply.code(result.status), staff, classId(request), { error: sentence(result.reason) });
      return reply.redirect(`${schoolViewHelpers.classHref(result.value.id)}?notice=${archived ? 'archived' : 'restored'}`, 303);
    });
  }
}

/** A reason from school-structure.ts as a sentence on a page. */
const sentence = (reason: string) => `${reason.charAt(0).toUpperCase()}${reason.slice(1)}.`;
