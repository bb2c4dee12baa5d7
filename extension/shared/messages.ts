import type { BreachRecord } from '../../src/core/breach.js';
import type { UploadState } from './local-storage-items.js';

/** Messages extension pages send to the service worker. */
export type Request =
  | { type: 'page-blocked' }
  | { type: 'await-policy'; addressKnown: boolean }
  | { type: 'list-breaches' }
  | { type: 'delivery-status' }
  | { type: 'managed-policy'; policy: Record<string, unknown> };

export type PageBlockedReply = { recorded: true; reference: string } | { recorded: false; reason: string };
/** The address the start-up guard held, to open now that the policy is in force. */
export type AwaitPolicyReply = { url?: string };
export type ListBreachesReply = { breaches: { record: BreachRecord; state: string; reason?: string }[] };
export type DeliveryStatusReply = UploadState & { pending: number; sent: number; rejected: number; dropped: number; reportingUrl?: string };

/** What an adult can quote to the safeguarding team: the start of the breach id. */
export const breachReference = (id: string) => id.slice(0, 8).toUpperCase();
