import { MAX_GROUP_ID_LENGTH } from './breach-schema.js';
import { checkDisplayText } from './display-text.js';
import { checkPolicyText } from './policy-text.js';

export type GroupIdCheck = { ok: true; groupId: string } | { ok: false; reason: string };

/**
 * A class or year group id as the dashboard accepts it: what the managed policy reads as `groupId`
 * (the same check, trimmed), short enough for the device's records and its enrolment, and free of
 * text-direction controls, since staff read it on every page.
 */
export function checkGroupId(value: unknown): GroupIdCheck {
  const policy = checkPolicyText(value, MAX_GROUP_ID_LENGTH);
  if (!policy.ok) return { ok: false, reason: `class id ${policy.reason}` };
  const shown = checkDisplayText(policy.value, 'class id', MAX_GROUP_ID_LENGTH);
  if (!shown.ok) return { ok: false, reason: shown.reason };
  return { ok: true, groupId: policy.value };
}
