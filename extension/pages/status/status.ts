import browser from 'webextension-polyfill';
import catalogueJson from '../../../rules/categories.json';
import { browserLocalStore } from '../../adapters/local-storage-browser-api.js';
import type { LocalStorageKey } from '../../shared/local-storage-items.js';
import type { DeliveryStatusReply } from '../../shared/messages.js';
import { pageElement } from '../../shared/page-element.js';
import { relayManagedPolicy } from '../../shared/relay-managed-policy.js';
import { sendMessage } from '../../shared/send-message.js';
import type { FilterStatus } from '../../shared/status.js';

// Everything shown comes from the policy and the extension, never a visited URL; all text goes
// through textContent, so nothing the policy says can become markup.
const titles = new Map(catalogueJson.categories.map((c) => [c.id, c.title]));

function row(list: HTMLElement, term: string, value: string): void {
  const dt = document.createElement('dt');
  dt.textContent = term;
  const dd = document.createElement('dd');
  dd.textContent = value;
  list.append(dt, dd);
}

const when = (iso: string | undefined) => (iso ? new Date(iso).toLocaleString('en-GB') : 'never');

function renderDelivery(delivery: DeliveryStatusReply): void {
  const list = pageElement('delivery');
  list.replaceChildren();
  if (!delivery.reportingUrl) {
    row(list, 'Reporting server', 'not set in the policy: breaches are kept on this device');
  } else {
    row(list, 'Reporting server', `${delivery.reportingUrl}${delivery.enrolled ? '' : ' (not enrolled yet)'}`);
    row(list, 'Last delivered', when(delivery.lastSuccessAt));
    if (delivery.lastError && delivery.failures > 0)
      row(list, 'Last problem', `${delivery.lastError}; next try ${when(delivery.nextAttemptAt)}`);
  }
  const extras = [
    delivery.rejected > 0 ? `${delivery.rejected} refused by the server` : '',
    delivery.dropped > 0 ? `${delivery.dropped} dropped because storage was full` : '',
  ].filter(Boolean);
  row(list, 'Breach reports', [`${delivery.pending} waiting to be sent`, ...extras].join(', '));
}

function render(status: FilterStatus | undefined): void {
  const summary = pageElement('summary');
  const details = pageElement('details');
  details.replaceChildren();
  if (!status) {
    summary.textContent = 'Starting: filtering rules are not confirmed yet.';
    return;
  }
  const ok = status.state === 'applied';
  summary.textContent = ok
    ? 'Filtering is on.'
    : `Filtering could not be updated: ${status.error ?? 'unknown error'}. The previous rules stay in force.`;
  summary.classList.toggle('bad', !ok);
  row(details, 'School', status.schoolId ?? 'not set');
  row(details, 'Group', status.groupId ?? 'not set');
  row(details, 'Profile', status.profile + (status.allowListOnly ? ' (allow list only)' : ''));
  row(
    details,
    'Blocked categories',
    status.blockedCategories.map((id) => titles.get(id) ?? id).join(', ') || 'none beyond illegal content',
  );
  row(details, 'School block list', `${status.blockedDomainCount} domains`);
  row(details, 'School allow list', `${status.allowedDomainCount} domains`);
  row(details, 'Rules version', status.rulesVersion);
  row(details, 'Block screen', status.redirectToBlockPage ? 'SafeScreen page' : 'browser error page (host permission withheld)');
  row(details, 'Updated', new Date(status.appliedAt).toLocaleString('en-GB'));

  const problems = pageElement('problems');
  problems.replaceChildren(
    ...status.problems.map((problem) => {
      const item = document.createElement('li');
      item.className = problem.severity;
      item.textContent = `${problem.key}${problem.entry !== undefined ? ` "${problem.entry}"` : ''}: ${problem.reason}`;
      return item;
    }),
  );
  pageElement('problems-section').hidden = status.problems.length === 0;
  pageElement('notes').replaceChildren(...status.notes.map((note) => Object.assign(document.createElement('li'), { textContent: note })));
}

/** The stored items this page shows: it reloads when either changes. */
const SHOWN: LocalStorageKey[] = ['status', 'uploadState'];

const load = async () => {
  render(await browserLocalStore().get('status'));
  renderDelivery(await sendMessage({ type: 'delivery-status' }));
};
browser.storage.onChanged.addListener((changes, area) => {
  if (area === 'local' && SHOWN.some((key) => key in changes)) void load();
});
void load();
relayManagedPolicy().catch(() => undefined);
