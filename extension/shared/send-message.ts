import browser from 'webextension-polyfill';
import type { Message, MessageType, Reply } from './messages.js';

/** Sends the service worker a message from an extension page; the reply's type follows from the message's. */
export function sendMessage<T extends MessageType>(message: Message<T>): Promise<Reply<T>> {
  return browser.runtime.sendMessage(message) as Promise<Reply<T>>;
}
