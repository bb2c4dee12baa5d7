/** The staff roles, in the order pages list them; the database's CHECK names the same four. */
export const STAFF_ROLE_IDS = ['teacher', 'dsl', 'technician', 'governor'] as const;
export type StaffRoleId = (typeof STAFF_ROLE_IDS)[number];

export const ROLE_LABELS: Record<StaffRoleId, string> = {
  teacher: 'Teacher',
  dsl: 'Designated Safeguarding Lead',
  technician: 'Technician',
  governor: 'Governor',
};
