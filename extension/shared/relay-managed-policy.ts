import browser from 'webextension-polyfill';
import { sendMessage } from './send-message.js';

/**
 * Chromium's service worker sometimes never gets an answer from `storage.managed.get` after a fresh
 * install, while the extension's pages get one at once (seen here, not documented). Each extension
 * page therefore hands the policy it reads to the worker, which uses it when its own read stalled.
 */
export async function relayManagedPolicy(): Promise<void> {
  let policy: Record<string, unknown>;
  try {
    policy = await browser.storage.managed.get();
  } catch {
    return; // no managed policy for this extension (Firefox throws)
  }
  await sendMessage({ type: 'managed-policy', policy });
}
