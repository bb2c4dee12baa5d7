import browser from 'webextension-polyfill';
import type { PageBlockedReply, Request } from '../../shared/messages.js';

// Read the blocked URL from the fragment, then take it out of the address bar so the pupil does
// not see it and a reload does not report the same breach twice.
const fragment = location.hash;
if (fragment) history.replaceState(null, '', location.pathname);

async function report(): Promise<void> {
  if (!fragment) return;
  const request: Request = { type: 'page-blocked', fragment, inFrame: window.top !== window };
  const reply = (await browser.runtime.sendMessage(request)) as PageBlockedReply;
  if (reply.recorded) {
    document.getElementById('reference')!.textContent = reply.reference;
    document.getElementById('for-adults')!.hidden = false;
  }
}

report().catch((error) => console.warn('SafeScreen: could not record this block', error));
