/**
 * The managed policy's single source of truth. The manifest's `storage.managed_schema`, the
 * `Policy` type and the validator in `policy.ts` all follow from this table.
 */
export const PROFILES = ['early-years', 'primary', 'secondary', 'staff'] as const;
export type Profile = (typeof PROFILES)[number];

interface StringField {
  type: 'string';
  description: string;
  enum?: readonly string[];
}
interface BooleanField {
  type: 'boolean';
  description: string;
}
interface StringListField {
  type: 'array';
  items: { type: 'string' };
  description: string;
}
type Field = StringField | BooleanField | StringListField;

export const POLICY_FIELDS = {
  reportingUrl: { type: 'string', description: 'Base URL of the reporting server (https:, or http://localhost / http://127.0.0.1).' },
  enrollmentToken: { type: 'string', description: 'One-time school enrolment secret, exchanged for a device credential.' },
  schoolId: { type: 'string', description: 'The school.' },
  groupId: { type: 'string', description: 'Class or year group, e.g. Y4-Oak.' },
  profile: {
    type: 'string',
    enum: PROFILES,
    description: 'Age and ability profile; sets the default categories. early-years is allow-list only.',
  },
  blockedCategories: {
    type: 'array',
    items: { type: 'string' },
    description: "Category ids from rules/categories.json; default: the profile's set.",
  },
  blockedDomains: { type: 'array', items: { type: 'string' }, description: 'Extra domains blocked with all their subdomains.' },
  allowedDomains: {
    type: 'array',
    items: { type: 'string' },
    description: 'Domains always allowed (beats categories, never the illegal-content lists).',
  },
  allowListOnly: { type: 'boolean', description: 'Only allowedDomains (and protected help sites) may load.' },
  // Read and validated, but no code acts on these three yet: their descriptions say so, so that no
  // administrator believes them in force. Drop the "not yet enforced" when their issues land.
  safeSearch: { type: 'boolean', description: 'Not yet enforced: will enforce SafeSearch / restricted modes (default true).' },
  rulesPublicKey: {
    type: 'string',
    description: 'Not yet enforced: will name the base64 Ed25519 public key that rule bundles must be signed with.',
  },
  allowUnblockRequests: {
    type: 'boolean',
    description: 'Not yet enforced: will show "ask for this site to be allowed" on the block page.',
  },
  reportUserEmail: { type: 'boolean', description: "Put the signed-in managed user's email in breach records (default false)." },
} as const satisfies Record<string, Field>;

type FieldValue<F> = F extends { type: 'boolean' }
  ? boolean
  : F extends { type: 'array' }
    ? string[]
    : F extends { enum: readonly (infer E)[] }
      ? E
      : string;

/** The policy exactly as an administrator may write it: every key optional. */
export type RawPolicy = { -readonly [K in keyof typeof POLICY_FIELDS]?: FieldValue<(typeof POLICY_FIELDS)[K]> };

/** `storage.managed_schema` for the Chromium manifest. */
export function managedStorageSchema(): object {
  const properties: Record<string, object> = {};
  for (const [key, field] of Object.entries(POLICY_FIELDS)) {
    // Chromium drops a whole key whose value fails the schema, so enums are checked by our
    // validator instead: a typo then gets a visible error rather than silently vanishing.
    const { enum: _omitted, ...rest } = field as StringField;
    properties[key] = rest;
  }
  return { type: 'object', properties };
}
