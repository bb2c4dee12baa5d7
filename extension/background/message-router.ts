import type { Message, MessageType, Reply } from '../shared/messages.js';

/** The part of `runtime.MessageSender` the router and the handlers read. */
export interface MessageSender {
  id?: string;
  url?: string;
  tab?: { id?: number };
  frameId?: number;
}

export type MessageHandlers = { [K in MessageType]: (request: Message<K>, sender: MessageSender) => Promise<Reply<K>> };

export interface ExtensionIdentity {
  /** `runtime.id` */
  id: string;
  /** `runtime.getURL('')`: the address every one of the extension's own pages starts with. */
  pagesUrl: string;
}

/**
 * The `runtime.onMessage` listener: each message goes to the handler for its type. Only the
 * extension's own pages are answered; a content script or a page of another extension is not,
 * and neither is an unknown type (undefined: no answer, as the browser expects).
 */
export function messageRouter(handlers: MessageHandlers, self: ExtensionIdentity) {
  return (message: unknown, sender: MessageSender): Promise<unknown> | undefined => {
    if (sender.id !== self.id || !sender.url?.startsWith(self.pagesUrl)) return undefined;
    const type = (message as { type?: unknown } | null)?.type;
    if (typeof type !== 'string' || !Object.hasOwn(handlers, type)) return undefined;
    const handle = handlers[type as MessageType] as (request: unknown, sender: MessageSender) => Promise<unknown>;
    return handle(message, sender);
  };
}
