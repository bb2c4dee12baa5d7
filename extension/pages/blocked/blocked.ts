import { parseBreachReference } from '../../../src/core/breach-reference.js';
import { pageElement } from '../../shared/page-element.js';
import { relayManagedPolicy } from '../../shared/relay-managed-policy.js';
import { sendMessage } from '../../shared/send-message.js';

// The address names the category (or, for a page the worker replaced itself, the breach's
// reference): keep both out of the address bar, for the pupil and for a bookmark.
const fragment = location.hash;
if (location.search || fragment) history.replaceState(null, '', location.pathname);

function showReference(reference: string): void {
  pageElement('reference').textContent = reference;
  pageElement('for-adults').hidden = false;
}

/** The worker recorded the block as it happened; ask it for the reference an adult can quote. */
async function showRecordedReference(): Promise<void> {
  const recorded = fragment.startsWith('#ref=') ? parseBreachReference(fragment.slice(5)) : null;
  if (recorded?.ok) return showReference(recorded.reference);
  const reply = await sendMessage({ type: 'page-blocked' });
  if (reply.recorded) showReference(reply.reference);
}

showRecordedReference().catch((error) => console.warn('SafeScreen: no reference for this block', error));
relayManagedPolicy().catch(() => undefined);
