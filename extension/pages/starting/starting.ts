import browser from 'webextension-polyfill';
import type { AwaitPolicyReply, Request } from '../../shared/messages.js';
import { relayManagedPolicy } from '../../shared/relay-managed-policy.js';

/**
 * Shown by the start-up guard while the school's policy is not yet in force. When it is, open the
 * page the pupil asked for: the rules in force then decide whether it loads or is blocked.
 */
async function openWhenReady(): Promise<void> {
  const request: Request = { type: 'await-policy' };
  const reply = (await browser.runtime.sendMessage(request)) as AwaitPolicyReply;
  if (reply.url && /^https?:\/\//i.test(reply.url)) location.replace(reply.url);
  else document.getElementById('message')!.textContent = 'SafeScreen is ready. Go back and try again.';
}

// This page may be the first to run after an install: it can hand the worker the policy too.
relayManagedPolicy().catch(() => undefined);
openWhenReady().catch((error) => console.warn('SafeScreen: still getting ready', error));
