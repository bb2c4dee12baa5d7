import type { StaffRole } from '../storage/staff.js';

/** The dashboard's menu: one row per page, shown to the roles it names. Add a row for a new page. */
export const NAV_ITEMS: readonly { href: string; label: string; roles: readonly StaffRole[] }[] = [
  { href: '/classes', label: 'Breaches', roles: ['teacher', 'dsl', 'technician'] },
  { href: '/breaches/find', label: 'Find a breach', roles: ['teacher', 'dsl', 'technician'] },
  { href: '/school', label: 'Your school', roles: ['technician'] },
  { href: '/school/classes', label: 'Classes', roles: ['technician'] },
  { href: '/school/import', label: 'Import', roles: ['technician'] },
  { href: '/staff', label: 'Staff', roles: ['technician'] },
  { href: '/account', label: 'My account', roles: ['teacher', 'dsl', 'technician', 'governor'] },
];

/** Where "/" (and a finished sign-in) takes each role. */
const HOME: Record<StaffRole, string> = {
  technician: '/school',
  teacher: '/classes',
  dsl: '/classes',
  governor: '/account',
};

export const homeFor = (role: StaffRole): string => HOME[role];

export { ROLE_LABELS } from '../../core/staff-roles.js';

export interface NavLink {
  href: string;
  label: string;
  current: boolean;
}

/** The menu for a role, with the page at `path` (or the section it is in) marked current. */
export function navFor(role: StaffRole, path: string): NavLink[] {
  const items = NAV_ITEMS.filter((item) => item.roles.includes(role));
  // The longest menu address the path is in: /school/classes/Y4 is in Classes, not also in Your school.
  const current = items
    .filter((item) => path === item.href || path.startsWith(`${item.href}/`))
    .reduce<string | null>((best, item) => (best === null || item.href.length > best.length ? item.href : best), null);
  return items.map((item) => ({ href: item.href, label: item.label, current: item.href === current }));
}

/**
 * A `next` address after sign-in, only when it is a path on this site: "/x" but never "//host" or
 * "/\host" (which browsers read as another site), so the sign-in page cannot be an open redirect.
 */
export function safeNextPath(next: unknown): string | null {
  if (typeof next !== 'string' || next.length > 500) return null;
  return /^\/(?![/\\])[\x21-\x7e]*$/.test(next) ? next : null;
}
