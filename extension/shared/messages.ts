import type { BreachRecord } from '../../src/core/breach.js';
import type { UploadState } from './local-storage-items.js';

/**
 * Every message extension pages send the service worker: what it carries besides its `type`, and
 * what the worker answers. The router (background/message-router.ts) needs a handler for each, and
 * `sendMessage` (send-message.ts) gives each page the reply type of the message it sent.
 */
/** Nothing besides the message's type. */
type Empty = Record<never, never>;

export interface Messages {
  /** The block page asks for the reference of the breach it stands for. */
  'page-blocked': { request: Empty; reply: PageBlockedReply };
  /** The getting-ready page waits for the school's policy; `addressKnown`: it has the held address itself. */
  'await-policy': { request: { addressKnown: boolean }; reply: AwaitPolicyReply };
  'list-breaches': { request: Empty; reply: ListBreachesReply };
  'delivery-status': { request: Empty; reply: DeliveryStatusReply };
  /** A page hands over the managed policy it read (see relay-managed-policy.ts). */
  'managed-policy': { request: { policy: Record<string, unknown> }; reply: Empty };
}

export type MessageType = keyof Messages;
export type Message<T extends MessageType> = { type: T } & Messages[T]['request'];
export type Reply<T extends MessageType> = Messages[T]['reply'];

export type PageBlockedReply = { recorded: true; reference: string } | { recorded: false; reason: string };
/** The address the start-up guard held, to open now that the policy is in force. */
export type AwaitPolicyReply = { url?: string };
export type ListBreachesReply = { breaches: { record: BreachRecord; state: string; reason?: string }[] };
export type DeliveryStatusReply = UploadState & { pending: number; sent: number; rejected: number; dropped: number; reportingUrl?: string };
