import type { BreachRecord } from '../../src/core/breach.js';

/** Messages extension pages send to the service worker. */
export type Request =
  | { type: 'page-blocked'; fragment: string; inFrame: boolean }
  | { type: 'list-breaches' };

export type PageBlockedReply = { recorded: true; reference: string } | { recorded: false; reason: string };
export type ListBreachesReply = { breaches: BreachRecord[] };
