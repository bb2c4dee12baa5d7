import type { LocalStore } from '../adapters/local-storage-browser-api.js';

/** A random id for this installation, used as the breach record's deviceId until enrolment gives one. */
export async function installId(store: LocalStore): Promise<string> {
  const existing = await store.get('installId');
  if (existing) return existing;
  const id = crypto.randomUUID();
  await store.set('installId', id);
  return id;
}
