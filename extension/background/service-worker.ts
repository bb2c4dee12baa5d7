import browser from 'webextension-polyfill';
import catalogueJson from '../../rules/categories.json';
import { parseCatalogue } from '../../src/core/categories.js';
import { browserDnrApi } from '../adapters/dnr-browser-api.js';
import { browserExtensionFiles } from '../adapters/extension-files-browser-api.js';
import { browserHostPermission } from '../adapters/host-permission-browser-api.js';
import { browserLocalStore } from '../adapters/local-storage-browser-api.js';
import { browserManagedPolicy } from '../adapters/managed-policy-browser-api.js';
import type { ListBreachesReply, PageBlockedReply, Request } from '../shared/messages.js';
import { BreachLog } from './breach-log.js';
import { installId } from './install-id.js';
import { FilteringService } from './filtering-service.js';

const dnr = browserDnrApi();
const store = browserLocalStore();
const policySource = browserManagedPolicy();
const hostPermission = browserHostPermission();
const filtering = new FilteringService({
  dnr,
  policySource,
  hostPermission,
  files: browserExtensionFiles(),
  store,
  catalogue: parseCatalogue(catalogueJson),
  target: __TARGET__,
  rulesVersion: __RULES_VERSION__,
});
const breaches = new BreachLog({ dnr, filtering, rulesVersion: __RULES_VERSION__, deviceId: () => installId(store) });

const refresh = (reason: string) => () => void filtering.refresh(reason).catch(() => undefined);

// Listeners are registered synchronously so that the events which woke the worker reach them.
browser.runtime.onInstalled.addListener(({ reason }) => refresh(reason)());
browser.runtime.onStartup.addListener(refresh('startup'));
policySource.onChange(refresh('policy-changed'));
hostPermission.onChange(refresh('permissions-changed'));
browser.runtime.onMessage.addListener((message: unknown, sender: browser.Runtime.MessageSender) => {
  if (sender.id !== browser.runtime.id || !sender.url?.startsWith(browser.runtime.getURL(''))) return undefined;
  const request = message as Request;
  if (request?.type === 'page-blocked') {
    return breaches
      .fromBlockPage(String(request.fragment), request.inFrame === true)
      .then((outcome): PageBlockedReply =>
        outcome.recorded ? { recorded: true, reference: outcome.record.id.slice(0, 8).toUpperCase() } : outcome,
      );
  }
  if (request?.type === 'list-breaches') return Promise.resolve<ListBreachesReply>({ breaches: breaches.list() });
  return undefined;
});

// Every start rebuilds too: session state is gone and an update resets the enabled rulesets.
refresh('worker-start')();
