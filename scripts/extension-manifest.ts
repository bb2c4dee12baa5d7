import { createHash } from 'node:crypto';
import { managedStorageSchema } from '../src/core/policy-schema.js';
import type { TargetBrowser } from '../src/rules/resource-types.js';

export const GECKO_ID = 'safescreen@safescreen.school';

/** manifest.json as read: the build touches a few fields and passes the rest through. */
export type ManifestJson = Record<string, unknown> & {
  key?: string;
  version: string;
  background?: { service_worker?: string } | { scripts: string[]; type: 'module' };
};

/**
 * manifest.json is written for Chromium; Firefox's is derived here, so the two never drift.
 * Firefox: gecko id, background scripts (no service worker), no `key`, no split incognito.
 */
export function manifestFor(base: ManifestJson, target: TargetBrowser): ManifestJson {
  const manifest = structuredClone(base);
  if (target === 'chromium') return manifest;
  delete manifest.key;
  delete manifest.minimum_chrome_version;
  delete manifest.incognito;
  const serviceWorker = base.background && 'service_worker' in base.background ? base.background.service_worker : undefined;
  if (!serviceWorker) throw new Error('manifest.json: background.service_worker is missing');
  manifest.background = { scripts: [serviceWorker], type: 'module' };
  manifest.browser_specific_settings = {
    gecko: {
      id: GECKO_ID,
      strict_min_version: '128.0',
      data_collection_permissions: { required: ['none'] },
    },
  };
  return manifest;
}

export const managedSchemaJson = (): string => `${JSON.stringify(managedStorageSchema(), null, 2)}\n`;

/** Chromium derives an extension's id from its public key: sha256, first 32 hex digits mapped to a–p. */
export function chromiumExtensionId(publicKeyBase64: string): string {
  const hex = createHash('sha256').update(Buffer.from(publicKeyBase64, 'base64')).digest('hex').slice(0, 32);
  return [...hex].map((digit) => String.fromCharCode(97 + parseInt(digit, 16))).join('');
}
