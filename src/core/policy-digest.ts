/**
 * A short fingerprint of the raw managed policy, so status (and tests) can tell which policy the
 * rules in force came from without storing secrets such as the enrolment token.
 */
export async function policyDigest(raw: unknown): Promise<string> {
  const bytes = new TextEncoder().encode(canonicalJson(raw ?? {}));
  const hash = await crypto.subtle.digest('SHA-256', bytes);
  return [...new Uint8Array(hash).slice(0, 8)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value as object)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
