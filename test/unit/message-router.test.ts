import { describe, expect, test, vi } from 'vitest';
import { type MessageHandlers, type MessageSender, messageRouter } from '../../extension/background/message-router.js';

const self = { id: 'safescreen', pagesUrl: 'chrome-extension://safescreen/' };
const ownPage: MessageSender = {
  id: 'safescreen',
  url: 'chrome-extension://safescreen/extension/pages/blocked/blocked.html',
  tab: { id: 3 },
  frameId: 0,
};

function setUp() {
  const handlers: MessageHandlers = {
    'page-blocked': vi.fn(async () => ({ recorded: true as const, reference: 'ABCDEF12' })),
    'await-policy': vi.fn(async (request) => ({ url: request.addressKnown ? undefined : 'http://held.test/' })),
    'list-breaches': vi.fn(async () => ({ breaches: [] })),
    'delivery-status': vi.fn(async () => ({ failures: 0, enrolled: false, pending: 0, sent: 0, rejected: 0, dropped: 0 })),
    'managed-policy': vi.fn(async () => ({})),
  };
  return { handlers, route: messageRouter(handlers, self) };
}

describe('message router', () => {
  test('each message from one of the extension pages reaches its own handler, with the sender, and gets its reply', async () => {
    const { handlers, route } = setUp();
    await expect(route({ type: 'page-blocked' }, ownPage)).resolves.toEqual({ recorded: true, reference: 'ABCDEF12' });
    expect(handlers['page-blocked']).toHaveBeenCalledWith({ type: 'page-blocked' }, ownPage);
    await expect(route({ type: 'await-policy', addressKnown: false }, ownPage)).resolves.toEqual({ url: 'http://held.test/' });
    await expect(route({ type: 'managed-policy', policy: { profile: 'primary' } }, ownPage)).resolves.toEqual({});
    expect(handlers['list-breaches']).not.toHaveBeenCalled();
  });

  test('a web page, a content script on one and another extension get no answer and reach no handler', () => {
    const { handlers, route } = setUp();
    const strangers: MessageSender[] = [
      { url: 'https://evil.test/' },
      { id: 'safescreen', url: 'https://evil.test/' },
      { id: 'other-extension', url: 'chrome-extension://other-extension/page.html' },
      { id: 'other-extension', url: 'chrome-extension://safescreen/extension/pages/blocked/blocked.html' },
      { id: 'safescreen' },
    ];
    for (const sender of strangers) expect(route({ type: 'list-breaches' }, sender), JSON.stringify(sender)).toBeUndefined();
    for (const handler of Object.values(handlers)) expect(handler).not.toHaveBeenCalled();
  });

  test('a message of no known type gets no answer, even one named after an Object method', () => {
    const { route } = setUp();
    for (const message of [
      null,
      undefined,
      'list-breaches',
      {},
      { type: 'nope' },
      { type: 'toString' },
      { type: '__proto__' },
      { type: 42 },
    ]) {
      expect(route(message, ownPage), JSON.stringify(message)).toBeUndefined();
    }
  });
});
