import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { checkDisplayName, checkEmail, checkRole } from '../../../core/staff-fields.js';
import { ROLE_LABELS, STAFF_ROLE_IDS } from '../../../core/staff-roles.js';
import type { AppContext } from '../../app-context.js';
import { authenticatedStaff } from '../../auth/staff-auth.js';
import { SIGN_IN_LINK_HOURS, signInLinkUrl } from '../../storage/sign-in-links.js';
import {
  changeRole,
  disableStaff,
  enableStaff,
  inviteStaff,
  listStaff,
  resetPassword,
  type StaffChange,
  type StaffListing,
  staffMember,
  type Technician,
} from '../../storage/staff-admin.js';
import { formField, idField } from '../form-fields.js';
import { staffPage } from '../staff-page.js';

const STATE_LABELS: Record<StaffListing['state'], string> = {
  invited: 'Invited: has not chosen a password yet',
  active: 'Active',
  disabled: 'Disabled',
};

const NOTICES: Record<string, string> = {
  'role-changed': 'The role is changed. It applies from their next page.',
  disabled: 'The account is disabled. Every session it had has ended.',
  enabled: 'The account is enabled. They can sign in with their password again.',
};

const REFUSALS: Record<Exclude<StaffChange, { ok: true }>['reason'], string> = {
  'not found': 'There is no such member of staff at your school.',
  'last technician':
    'This is the school’s only active technician. Invite another technician (and let them choose a password) before you change this account.',
  'email taken': 'This email already has a SafeScreen account, perhaps at another school. Use another email, or ask SafeScreen support.',
  'no change': 'Nothing to change: the account is already like that.',
};

/** The signed-in technician, as the storage functions take them: the school comes from the session only. */
const technicianOf = (request: FastifyRequest): Technician => {
  const staff = authenticatedStaff(request);
  return { staffId: staff.staffId, schoolId: staff.schoolId, email: staff.email };
};

const baseUrl = (request: FastifyRequest) => `${request.protocol}://${request.host}`;

const roleOptions = (selected?: string) => STAFF_ROLE_IDS.map((id) => ({ id, label: ROLE_LABELS[id], selected: id === selected }));

/** The technician's staff pages: list, invite, change role, disable, enable, reset password. */
export function staffPages(web: FastifyInstance, ctx: AppContext): void {
  const technicians = staffPage(ctx, ['technician']);

  const showMember = async (request: FastifyRequest, reply: FastifyReply, status: number, view: { notice?: string; error?: string }) => {
    const by = technicianOf(request);
    const staffId = idField((request.params as { staffId: string }).staffId);
    const member = staffId === null ? null : await staffMember(ctx.db, by.schoolId, staffId);
    if (!member) return reply.code(404).view('error.eta', { title: 'No such member of staff', message: REFUSALS['not found'] });
    return reply.code(status).view('staff-member.eta', {
      title: member.displayName,
      member: {
        ...member,
        roleLabel: ROLE_LABELS[member.role],
        stateLabel: STATE_LABELS[member.state],
        isMe: member.staffId === by.staffId,
      },
      roles: roleOptions(member.role),
      ...view,
    });
  };

  /** After a change: back to the member's page with a notice (POST → redirect → GET), or the page again with the reason. */
  const answerChange = async (request: FastifyRequest, reply: FastifyReply, change: StaffChange, notice: string) => {
    if (change.ok) return reply.redirect(`/staff/${change.member.staffId}?notice=${notice}`, 303);
    return showMember(request, reply, change.reason === 'not found' ? 404 : 409, { error: REFUSALS[change.reason] });
  };

  /** A one-time link is shown once, on the answer to the POST that made it (never stored, so never shown again). */
  const showLink = (request: FastifyRequest, reply: FastifyReply, change: StaffChange & { ok: true }, purpose: 'invite' | 'reset') => {
    reply.header('cache-control', 'no-store');
    const link = change.link;
    if (!link) throw new Error('a link was expected');
    return reply.view('staff-link.eta', {
      title: purpose === 'invite' ? `${change.member.displayName} is invited` : `New sign-in link for ${change.member.displayName}`,
      member: change.member,
      purpose,
      url: signInLinkUrl(baseUrl(request), link.token),
      hours: SIGN_IN_LINK_HOURS,
    });
  };

  web.get('/staff', { onRequest: technicians }, async (request, reply) => {
    const staff = await listStaff(ctx.db, technicianOf(request).schoolId);
    return reply.view('staff-list.eta', {
      title: 'Staff',
      members: staff.map((member) => ({ ...member, roleLabel: ROLE_LABELS[member.role], stateLabel: STATE_LABELS[member.state] })),
    });
  });

  web.get('/staff/invite', { onRequest: technicians }, async (_request, reply) =>
    reply.view('staff-invite.eta', {
      title: 'Invite a member of staff',
      values: { email: '', displayName: '' },
      roles: roleOptions('teacher'),
      errors: {},
    }),
  );

  web.post('/staff/invite', { onRequest: technicians }, async (request, reply) => {
    const email = checkEmail(formField(request.body, 'email', 400));
    const displayName = checkDisplayName(formField(request.body, 'displayName', 400));
    const role = checkRole(formField(request.body, 'role', 20));
    const values = { email: formField(request.body, 'email', 400) ?? '', displayName: formField(request.body, 'displayName', 400) ?? '' };
    const again = (errors: Record<string, string>) =>
      reply.code(400).view('staff-invite.eta', {
        title: 'Invite a member of staff',
        values,
        roles: roleOptions(role.ok ? role.value : undefined),
        errors,
      });
    if (!email.ok || !displayName.ok || !role.ok) {
      return again({
        ...(email.ok ? {} : { email: email.problem }),
        ...(displayName.ok ? {} : { displayName: displayName.problem }),
        ...(role.ok ? {} : { role: role.problem }),
      });
    }
    const change = await inviteStaff(
      ctx.db,
      technicianOf(request),
      { email: email.value, displayName: displayName.value, role: role.value },
      ctx.now(),
    );
    if (!change.ok) return again({ email: REFUSALS[change.reason] });
    return showLink(request, reply, change, 'invite');
  });

  web.get('/staff/:staffId', { onRequest: technicians }, async (request, reply) => {
    const key = (request.query as Record<string, unknown>).notice;
    return showMember(request, reply, 200, { notice: typeof key === 'string' && Object.hasOwn(NOTICES, key) ? NOTICES[key] : undefined });
  });

  const target = (request: FastifyRequest) => idField((request.params as { staffId: string }).staffId) ?? 0;

  web.post('/staff/:staffId/role', { onRequest: technicians }, async (request, reply) => {
    const role = checkRole(formField(request.body, 'role', 20));
    if (!role.ok) return showMember(request, reply, 400, { error: role.problem });
    return answerChange(request, reply, await changeRole(ctx.db, technicianOf(request), target(request), role.value), 'role-changed');
  });

  web.post('/staff/:staffId/disable', { onRequest: technicians }, async (request, reply) =>
    answerChange(request, reply, await disableStaff(ctx.db, technicianOf(request), target(request), ctx.now()), 'disabled'),
  );

  web.post('/staff/:staffId/enable', { onRequest: technicians }, async (request, reply) =>
    answerChange(request, reply, await enableStaff(ctx.db, technicianOf(request), target(request)), 'enabled'),
  );

  web.post('/staff/:staffId/reset', { onRequest: technicians }, async (request, reply) => {
    const change = await resetPassword(ctx.db, technicianOf(request), target(request), ctx.now());
    if (!change.ok) return answerChange(request, reply, change, '');
    return showLink(request, reply, change, 'reset');
  });
}
