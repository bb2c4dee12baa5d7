import browser from 'webextension-polyfill';
import catalogueJson from '../../rules/categories.json';
import { breachReference } from '../../src/core/breach-reference.js';
import { parseCatalogue } from '../../src/core/categories.js';
import { BLOCK_PAGE_PATH, STARTING_PAGE_PATH } from '../../src/core/extension-pages.js';
import { browserAlarms } from '../adapters/alarms-browser-api.js';
import { browserDnrApi } from '../adapters/dnr-browser-api.js';
import { browserExtensionFiles } from '../adapters/extension-files-browser-api.js';
import { browserHostPermission } from '../adapters/host-permission-browser-api.js';
import { fetchTransport } from '../adapters/http-transport.js';
import { browserLocalStore } from '../adapters/local-storage-browser-api.js';
import { browserManagedPolicy } from '../adapters/managed-policy-browser-api.js';
import { browserNavigations, type Navigation } from '../adapters/navigation-browser-api.js';
import { signedInUserEmail } from '../adapters/signed-in-user-browser-api.js';
import { onRequestFailed, onRequestRedirected } from '../adapters/web-request-browser-api.js';
import { BreachRecorder } from './breach-recorder.js';
import { BreachStore } from './breach-store.js';
import { Enrolment } from './enrolment.js';
import { FilteringService } from './filtering-service.js';
import { HeldNavigations } from './held-navigations.js';
import { installId } from './install-id.js';
import { LoadedAnywayGuard } from './loaded-anyway.js';
import { messageRouter } from './message-router.js';
import { UploadQueue } from './upload-queue.js';

const dnr = browserDnrApi();
const local = browserLocalStore();
const policySource = browserManagedPolicy();
const hostPermission = browserHostPermission();
const files = browserExtensionFiles();
const navigations = browserNavigations();
const filtering = new FilteringService({
  dnr,
  policySource,
  hostPermission,
  files,
  store: local,
  catalogue: parseCatalogue(catalogueJson),
  target: __TARGET__,
  rulesVersion: __RULES_VERSION__,
});
const storeOpening = BreachStore.open();
const enrolment = new Enrolment(local, fetchTransport);
const deviceId = async () => (await enrolmentFor())?.deviceId ?? (await installId(local));
const enrolmentFor = async () => {
  const policy = (await filtering.inForce())?.policy;
  return policy?.reportingUrl ? enrolment.current(policy.reportingUrl) : undefined;
};

// Listeners are registered synchronously so that the events which woke the worker reach them;
// the parts that need the database wait for it inside.
const ready = storeOpening.then((store) => {
  const uploads = new UploadQueue({
    store,
    enrolment,
    transport: fetchTransport,
    alarms: browserAlarms(),
    local,
    target: async () => (await filtering.inForce())?.policy ?? {},
    deviceName: `SafeScreen ${__TARGET__}`,
  });
  const recorder = new BreachRecorder({
    filtering,
    blockPageUrl: files.url(BLOCK_PAGE_PATH),
    store,
    rulesVersion: __RULES_VERSION__,
    deviceId,
    userEmail: signedInUserEmail,
    onRecorded: () => void uploads.kick(),
  });
  return { store, uploads, recorder };
});
const whenReady = <T>(work: (parts: Awaited<typeof ready>) => Promise<T>) => ready.then(work);
const quietly = (work: Promise<unknown>) => void work.catch((error) => console.error('SafeScreen:', error));

const held = new HeldNavigations(files.url(STARTING_PAGE_PATH));

const loadedAnyway = new LoadedAnywayGuard({
  judge: (url, inFrame) => whenReady(({ recorder }) => recorder.fromLoadedAnyway(url, inFrame)),
  replace: (document, breachId) => navigations.replace(document, `${files.url(BLOCK_PAGE_PATH)}#ref=${breachReference(breachId)}`),
  settleMs: 5_000,
});
const catchLoadedAnyway = (document: Navigation) => loadedAnyway.check(document);

// After each change of rules, pages already open are judged by them too: one opened before the
// extension had started (a start-up page), or before the policy changed. Not by the safe defaults
// alone: a breach needs the school's policy (its group) to be recorded properly.
const refresh = (reason: string) => () =>
  quietly(
    filtering
      .refresh(reason)
      .then(() => filtering.policyInForce())
      .then(async () => Promise.all((await navigations.openPages()).map(catchLoadedAnyway)))
      .then(() => whenReady(({ uploads }) => uploads.kick())),
  );

browser.runtime.onInstalled.addListener(({ reason }) => refresh(reason)());
browser.runtime.onStartup.addListener(() => {
  // A new browser session may have a new network: try at once rather than wait out old backoff.
  quietly(whenReady(({ uploads }) => uploads.resetBackoff()));
  refresh('startup')();
});
policySource.onChange(refresh('policy-changed'));
hostPermission.onChange(refresh('permissions-changed'));

onRequestRedirected((request) => {
  held.fromRedirect(request);
  quietly(whenReady(({ recorder }) => recorder.fromRedirect(request)));
});
// Blocked without the block page: the host permission redirects need is withheld.
onRequestFailed((request) => quietly(whenReady(({ recorder }) => recorder.fromFailedRequest(request))));
navigations.onCommitted((navigation) => {
  if (navigation.frameId === 0) quietly(whenReady(async ({ recorder }) => recorder.newPageLoad(navigation.tabId)));
  quietly(catchLoadedAnyway(navigation));
});
navigations.onHistoryStateUpdated((navigation) => quietly(catchLoadedAnyway(navigation)));
navigations.onTabClosed((tabId) => {
  held.tabClosed(tabId);
  quietly(whenReady(async ({ recorder }) => recorder.tabClosed(tabId)));
});

browser.runtime.onMessage.addListener(
  messageRouter(
    {
      'page-blocked': (_request, sender) =>
        whenReady(async ({ recorder }) => {
          if (sender.tab?.id === undefined || sender.frameId === undefined) return { recorded: false, reason: 'not shown in a tab' };
          const outcome = await recorder.shownIn(sender.tab.id, sender.frameId);
          return outcome.recorded ? { recorded: true, reference: breachReference(outcome.record.id) } : outcome;
        }),
      'await-policy': async (request, sender) => {
        const tabId = sender.tab?.id;
        const url = tabId === undefined || request.addressKnown ? undefined : held.take(tabId, sender.frameId ?? 0);
        const [heldUrl] = await Promise.all([url, filtering.policyInForce()]);
        return { url: heldUrl };
      },
      'list-breaches': () =>
        whenReady(async ({ store }) => ({
          breaches: (await store.all()).map(({ record, state, reason }) => ({ record, state, reason })),
        })),
      'delivery-status': () =>
        whenReady(async ({ store, uploads }) => ({
          ...(await uploads.state()),
          ...(await store.counts()),
          reportingUrl: (await filtering.inForce())?.policy.reportingUrl,
        })),
      'managed-policy': async (request) => {
        await filtering.policyFromPage(request.policy);
        return {};
      },
    },
    { id: browser.runtime.id, pagesUrl: browser.runtime.getURL('') },
  ),
);

// Every start rebuilds too: an update resets the enabled rulesets. Then deliver what is waiting.
refresh('worker-start')();
