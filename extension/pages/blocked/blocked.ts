import browser from 'webextension-polyfill';
import type { PageBlockedReply, Request } from '../../shared/messages.js';
import { relayManagedPolicy } from '../../shared/relay-managed-policy.js';

// Read the blocked URL from the fragment, then take it out of the address bar so the pupil does
// not see it and a reload does not report the same breach twice.
const fragment = location.hash;
if (fragment) history.replaceState(null, '', location.pathname);

function showReference(reference: string): void {
  document.getElementById('reference')!.textContent = reference;
  document.getElementById('for-adults')!.hidden = false;
}

async function report(): Promise<void> {
  // The service worker already recorded this one (a page that loaded despite the rules) and sent it here.
  const recorded = /^#ref=([0-9A-F]{8})$/.exec(fragment);
  if (recorded) return showReference(recorded[1]);
  if (!fragment) return;
  const request: Request = { type: 'page-blocked', fragment, inFrame: window.top !== window };
  const reply = (await browser.runtime.sendMessage(request)) as PageBlockedReply;
  if (reply.recorded) showReference(reply.reference);
}

report().catch((error) => console.warn('SafeScreen: could not record this block', error));
relayManagedPolicy().catch(() => undefined);
