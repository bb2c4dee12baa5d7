import { pageElement } from '../../shared/page-element.js';
import { relayManagedPolicy } from '../../shared/relay-managed-policy.js';
import { sendMessage } from '../../shared/send-message.js';

/**
 * Shown by the start-up guard while the school's policy is not yet in force. When it is, open the
 * page the pupil asked for: the rules in force then decide whether it loads or is blocked (a page
 * sending pupils here with an address of its own gains nothing: that address is filtered too).
 */
const isWebAddress = (url: string | undefined): url is string => url !== undefined && /^https?:\/\//i.test(url);

// Chromium's guard rule puts the held address in the fragment; keep it out of the address bar.
const fromFragment = location.hash.slice(1);
if (location.hash) history.replaceState(null, '', location.pathname);

async function openWhenReady(): Promise<void> {
  const reply = await sendMessage({ type: 'await-policy', addressKnown: isWebAddress(fromFragment) });
  const url = isWebAddress(fromFragment) ? fromFragment : reply.url;
  if (isWebAddress(url)) location.replace(url);
  else pageElement('message').textContent = 'SafeScreen is ready. Go back and try again.';
}

// This page may be the first to run after an install: it can hand the worker the policy too.
relayManagedPolicy().catch(() => undefined);
openWhenReady().catch((error) => console.warn('SafeScreen: still getting ready', error));
