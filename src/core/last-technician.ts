/**
 * A school must keep a technician who can sign in: only a technician manages staff, so without one
 * nobody could invite, enable or reset anyone (not even a new technician). Counted among the
 * *active* ones: not disabled and with a password (an invited technician who never chose one cannot
 * help yet).
 */
export function leavesNoTechnician(activeTechnicianIds: readonly number[], changedStaffId: number): boolean {
  return activeTechnicianIds.includes(changedStaffId) && activeTechnicianIds.length <= 1;
}
