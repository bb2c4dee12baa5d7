/**
 * Who may see a class's breaches, or one breach: the one decision every teacher-view query and
 * action goes through on the server. A teacher sees the classes they teach; the DSL and the
 * technician their whole school; a governor no names at all (anonymised reports only). Another
 * school's class or breach is "not found", never "forbidden", so its existence is not revealed; a
 * breach outside a teacher's classes is "not found" too, for the same reason.
 */
export interface Viewer {
  role: string;
  schoolId: string;
  /** The classes the viewer teaches (staff_groups). */
  groupIds: readonly string[];
}

export type Access = { ok: true } | { ok: false; status: 403 | 404; reason: string };

const WHOLE_SCHOOL_ROLES = new Set(['dsl', 'technician']);

export function classAccess(viewer: Viewer, schoolId: string, groupId: string): Access {
  if (schoolId !== viewer.schoolId) return { ok: false, status: 404, reason: 'no such class' };
  if (WHOLE_SCHOOL_ROLES.has(viewer.role)) return { ok: true };
  if (viewer.role === 'teacher' && viewer.groupIds.includes(groupId)) return { ok: true };
  if (viewer.role === 'teacher') return { ok: false, status: 403, reason: 'not one of your classes' };
  return { ok: false, status: 403, reason: 'your role sees anonymised reports only' };
}

export function breachAccess(viewer: Viewer, breach: { schoolId: string; groupId: string | null }): Access {
  if (breach.schoolId === viewer.schoolId && WHOLE_SCHOOL_ROLES.has(viewer.role)) return { ok: true };
  const teaches = viewer.role === 'teacher' && breach.groupId !== null && viewer.groupIds.includes(breach.groupId);
  if (breach.schoolId === viewer.schoolId && teaches) return { ok: true };
  return { ok: false, status: 404, reason: 'no such breach in your classes' };
}
