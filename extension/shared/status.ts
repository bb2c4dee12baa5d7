import type { PolicyProblem } from '../../src/core/policy.js';

/** What the service worker last did with the policy; shown by the status popup, read by tests. */
export interface FilterStatus {
  state: 'applied' | 'failed';
  /** Why the rules were last rebuilt: installed, startup, policy-changed, permissions-changed, … */
  reason: string;
  appliedAt: string;
  policyDigest: string;
  rulesVersion: string;
  profile: string;
  schoolId?: string;
  groupId?: string;
  blockedCategories: string[];
  blockedDomainCount: number;
  allowedDomainCount: number;
  allowListOnly: boolean;
  /** False when the browser withheld the host permission: blocks show the browser's error page. */
  redirectToBlockPage: boolean;
  notes: string[];
  problems: PolicyProblem[];
  enabledRulesets: string[];
  dynamicRuleCount: number;
  error?: string;
}
