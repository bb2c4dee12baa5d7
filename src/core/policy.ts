import { type Catalogue, defaultCategoriesFor } from './categories.js';
import { normaliseDomain } from './domain.js';
import { POLICY_FIELDS, PROFILES, type Profile, type RawPolicy } from './policy-schema.js';
import { checkPolicyText } from './policy-text.js';

/** The policy in force: every value checked, defaults filled in. */
export interface Policy {
  profile: Profile;
  /** Non-illegal categories to block (illegal ones are always blocked). */
  blockedCategories: string[];
  blockedDomains: string[];
  allowedDomains: string[];
  allowListOnly: boolean;
  safeSearch: boolean;
  allowUnblockRequests: boolean;
  /** Whether breach records may carry the signed-in managed user's email. */
  reportUserEmail: boolean;
  reportingUrl?: string;
  enrollmentToken?: string;
  schoolId?: string;
  groupId?: string;
  rulesPublicKey?: string;
}

export interface PolicyProblem {
  key: string;
  /** The offending entry of a list, when the problem is one entry. */
  entry?: string;
  reason: string;
  /** 'warning': the value was used after a harmless correction. 'error': the value was ignored. */
  severity: 'error' | 'warning';
}

export interface PolicyResult {
  policy: Policy;
  problems: PolicyProblem[];
}

export const DEFAULT_PROFILE: Profile = 'primary';
const MAX_ID_LENGTH = 128;
const MAX_LIST_ENTRIES = 10_000;

const isString = (value: unknown): value is string => typeof value === 'string';

/**
 * Reads the managed policy as an administrator wrote it. Never throws: a bad value is reported
 * and replaced by the safe default, and list entries are judged one by one so good entries apply.
 */
export function parsePolicy(raw: unknown, catalogue: Catalogue): PolicyResult {
  const problems: PolicyProblem[] = [];
  const error = (key: string, reason: string, entry?: string) => problems.push({ key, reason, entry, severity: 'error' });
  const warn = (key: string, reason: string, entry?: string) => problems.push({ key, reason, entry, severity: 'warning' });

  let input: Record<string, unknown> = {};
  if (raw !== undefined && raw !== null) {
    if (typeof raw === 'object' && !Array.isArray(raw)) input = raw as Record<string, unknown>;
    else error('(policy)', 'the managed policy is not an object; using the safe defaults');
  }
  for (const key of Object.keys(input)) {
    if (!(key in POLICY_FIELDS)) warn(key, 'unknown key, ignored');
  }
  const given = <K extends keyof RawPolicy>(key: K): unknown => input[key];

  const profileValue = given('profile');
  let profile = DEFAULT_PROFILE;
  if (profileValue !== undefined) {
    if (isString(profileValue) && (PROFILES as readonly string[]).includes(profileValue)) profile = profileValue as Profile;
    else error('profile', `must be one of ${PROFILES.join(', ')}; using "${DEFAULT_PROFILE}"`, String(profileValue));
  }

  const boolean = (key: keyof RawPolicy, fallback: boolean): boolean => {
    const value = given(key);
    if (value === undefined) return fallback;
    if (typeof value === 'boolean') return value;
    error(key, `must be true or false; using ${fallback}`);
    return fallback;
  };

  const text = (key: keyof RawPolicy, maxLength = MAX_ID_LENGTH): string | undefined => {
    const value = given(key);
    if (value === undefined) return undefined;
    const checked = checkPolicyText(value, maxLength);
    if (!checked.ok) return void error(key, `${checked.reason}; ignored`);
    return checked.value;
  };

  const list = (key: 'blockedDomains' | 'allowedDomains' | 'blockedCategories'): unknown[] | undefined => {
    const value = given(key);
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) return void error(key, 'must be a list of strings; ignored');
    if (value.length > MAX_LIST_ENTRIES) {
      error(key, `has ${value.length} entries; only the first ${MAX_LIST_ENTRIES} are used`);
      return value.slice(0, MAX_LIST_ENTRIES);
    }
    return value;
  };

  const domains = (key: 'blockedDomains' | 'allowedDomains'): string[] => {
    const found = new Set<string>();
    for (const entry of list(key) ?? []) {
      // A pasted URL in a block list still blocks its site (erring safe); in an allow list it is refused.
      const result = normaliseDomain(entry, key === 'blockedDomains' ? 'use-host' : 'reject');
      const shown = typeof entry === 'string' ? entry : JSON.stringify(entry);
      if (!result.ok) error(key, result.reason, shown);
      else {
        if (result.note) warn(key, result.note, shown);
        found.add(result.domain);
      }
    }
    return [...found];
  };

  const categories = (): string[] => {
    const entries = list('blockedCategories');
    if (entries === undefined) return defaultCategoriesFor(catalogue, profile);
    const known = new Map(catalogue.categories.map((c) => [c.id, c]));
    const chosen = new Set<string>();
    for (const entry of entries) {
      const category = isString(entry) ? known.get(entry.trim()) : undefined;
      if (category === undefined) error('blockedCategories', 'unknown category', isString(entry) ? entry : JSON.stringify(entry));
      else if (category.tier === 'illegal') warn('blockedCategories', 'illegal content is always blocked', category.id);
      else chosen.add(category.id);
    }
    if (entries.length > 0 && chosen.size === 0 && problems.some((p) => p.key === 'blockedCategories' && p.severity === 'error')) {
      error('blockedCategories', `no valid category named; using the "${profile}" profile's categories`);
      return defaultCategoriesFor(catalogue, profile);
    }
    return catalogue.categories.filter((c) => chosen.has(c.id)).map((c) => c.id);
  };

  let allowListOnly = boolean('allowListOnly', false);
  if (profile === 'early-years' && !allowListOnly) {
    if (given('allowListOnly') === false) warn('allowListOnly', 'the early-years profile is always allow-list only');
    allowListOnly = true;
  }

  const policy: Policy = {
    profile,
    blockedCategories: categories(),
    blockedDomains: domains('blockedDomains'),
    allowedDomains: domains('allowedDomains'),
    allowListOnly,
    safeSearch: boolean('safeSearch', true),
    allowUnblockRequests: boolean('allowUnblockRequests', false),
    reportUserEmail: boolean('reportUserEmail', false),
  };
  const reportingUrl = text('reportingUrl', 2048);
  if (reportingUrl !== undefined) {
    if (isAcceptableReportingUrl(reportingUrl)) policy.reportingUrl = reportingUrl.replace(/\/+$/, '');
    else error('reportingUrl', 'must be an https: URL (http: only for localhost or 127.0.0.1); ignored');
  }
  for (const key of ['enrollmentToken', 'schoolId', 'groupId', 'rulesPublicKey'] as const) {
    const value = text(key, key === 'enrollmentToken' || key === 'rulesPublicKey' ? 512 : MAX_ID_LENGTH);
    if (value !== undefined) policy[key] = value;
  }
  return { policy, problems };
}

function isAcceptableReportingUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.username || url.password) return false;
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && (url.hostname === 'localhost' || url.hostname === '127.0.0.1');
}
