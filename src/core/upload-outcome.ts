/** What one answer from `POST /api/v1/breaches` means for the records in the batch (pure). */
export type UploadOutcome =
  /** Stored (or already stored): mark sent, except `rejected`, which are kept aside with the reason. */
  | { kind: 'stored'; rejected: Map<string, string> }
  /** Credential refused: enrol again, keep the queue. */
  | { kind: 'unauthorised' }
  /** Body too big for the server: send smaller batches. */
  | { kind: 'too-large' }
  /** The server refused the batch as malformed: keep the records aside, do not retry forever. */
  | { kind: 'refused'; reason: string }
  /** Try again later (server down, overloaded, or an answer we cannot read). */
  | { kind: 'retry'; reason: string };

export function uploadOutcome(status: number, body: string, batchIds: readonly string[]): UploadOutcome {
  if (status >= 200 && status < 300) {
    const parsed = parseStoredAnswer(body, batchIds);
    // A 2xx we cannot read may be a proxy's page: resending is safe (the server de-duplicates by id).
    return parsed ?? { kind: 'retry', reason: `unreadable ${status} answer` };
  }
  if (status === 401) return { kind: 'unauthorised' };
  if (status === 413) return { kind: 'too-large' };
  if (status === 408 || status === 429 || status >= 500 || status < 200) return { kind: 'retry', reason: `HTTP ${status}` };
  return { kind: 'refused', reason: `HTTP ${status}: ${firstLine(body)}` };
}

function parseStoredAnswer(body: string, batchIds: readonly string[]): UploadOutcome | null {
  let answer: unknown;
  try {
    answer = JSON.parse(body);
  } catch {
    return null;
  }
  const { accepted, duplicates, rejected } = (answer ?? {}) as Record<string, unknown>;
  if (typeof accepted !== 'number' || typeof duplicates !== 'number' || !Array.isArray(rejected)) return null;
  if (accepted + duplicates + rejected.length !== batchIds.length) return null;
  const inBatch = new Set(batchIds);
  const reasons = new Map<string, string>();
  for (const entry of rejected as { id?: unknown; reason?: unknown }[]) {
    if (typeof entry?.id === 'string' && inBatch.has(entry.id)) reasons.set(entry.id, String(entry.reason ?? 'rejected').slice(0, 500));
  }
  return { kind: 'stored', rejected: reasons };
}

function firstLine(body: string): string {
  return body.split('\n', 1)[0].slice(0, 200);
}
