import type { StorableBreach } from './storage/breaches.js';
import type { AuthenticatedDevice } from './storage/devices.js';

/**
 * Why a record is not this device's to write, or null. A device writes records of the group it
 * enrolled for; one enrolled without a group writes records without one: were it free to write any
 * group, enrolling without a group would undo the binding for whoever holds the token.
 */
export function groupRefusal(device: AuthenticatedDevice, record: StorableBreach): string | null {
  if (record.groupId === device.groupId) return null;
  return device.groupId === null
    ? `groupId ${record.groupId} is refused: this device enrolled without a group (enrol again with the policy's groupId)`
    : `groupId ${record.groupId ?? '(none)'} is not ${device.groupId}, the group this device enrolled for`;
}
